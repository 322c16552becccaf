import type { FeedEvent, FeedLocation, FeedOrganization } from '../feed/entities';
import { contentHash } from '../store/content-hash';
import type { EntityKey, EntityStore } from '../store/entities';
import { mapEvent, mapLocation, mapOrganization } from '../store/mapping';
import type { Transaction } from '../store/sync-guard';
import { mapOf } from '../store/transaction';

const relationTo = (documentId: string | null) => ({ set: documentId ? [documentId] : [] });

/**
 * Writes one contract entity, with its relations and its organisation, under the receipt-order
 * guard. Writes and lookups that cannot change while a transaction runs (the organisation, its
 * document, a location the batch already wrote, the latest sync) are made once per transaction: a
 * sync's thousands of events share one organisation and a handful of locations. An event's states
 * are locked, and its entries looked up, together before it is written.
 */
export function createWriters(store: EntityStore) {
  /**
   * Runs `write` unless the transaction's last write of `key` was of the same `version` (a message's
   * sequence and the content's digest). A value seen earlier in the transaction but overwritten
   * since is written again: the last item wins.
   */
  const lastWrites = new WeakMap<
    Transaction,
    Map<string, { version: string; done: Promise<void> }>
  >();
  function unlessJustWritten(
    trx: Transaction,
    key: string,
    version: string,
    write: () => Promise<void>
  ): Promise<void> {
    const writes = mapOf(lastWrites, trx);
    const last = writes.get(key);
    if (last?.version === version) return last.done;
    const done = write();
    writes.set(key, { version, done });
    return done;
  }

  /** Writes the organisation, once per transaction: every item of a message brings it. */
  function organization(
    trx: Transaction,
    value: FeedOrganization,
    sequence: number
  ): Promise<void> {
    const hash = contentHash(value);
    return unlessJustWritten(trx, `organization:${value.id}`, `${sequence}:${hash}`, async () => {
      await store.upsert(trx, 'organization', value.id, sequence, hash, mapOrganization(value));
    });
  }

  function location(
    trx: Transaction,
    value: FeedLocation,
    owner: FeedOrganization,
    sequence: number
  ): Promise<void> {
    const hash = contentHash(owner.id, value);
    return unlessJustWritten(trx, `location:${value.id}`, `${sequence}:${hash}`, async () => {
      await organization(trx, owner, sequence);
      const organizationDocument = await store.documentIdOf(trx, 'organization', owner.id);
      await store.upsert(trx, 'location', value.id, sequence, hash, {
        ...mapLocation(value),
        organization: relationTo(organizationDocument),
      });
    });
  }

  async function event(
    trx: Transaction,
    value: FeedEvent,
    owner: FeedOrganization,
    sequence: number
  ): Promise<void> {
    const organizationId = owner.id;
    await store.prepare(trx, eventEntities(value, owner));
    await organization(trx, owner, sequence);
    if (value.location) await location(trx, value.location, owner, sequence);
    const organizationDocument = await store.documentIdOf(trx, 'organization', organizationId);
    const locationDocument = value.location
      ? await store.documentIdOf(trx, 'location', value.location.id)
      : null;
    await store.upsert(trx, 'event', value.id, sequence, contentHash(organizationId, value), {
      ...mapEvent(value),
      organization: relationTo(organizationDocument),
      location: relationTo(locationDocument),
    });
    // A full sync received after this message, that did not list this upcoming event, removed it:
    // in receipt order this message wrote it first.
    const sync = await store.latestSync(trx, organizationId);
    if (
      sync &&
      sync.sequence > sequence &&
      !sync.listedEventIds.has(value.id) &&
      Date.parse(value.start) >= sync.receivedAt.getTime()
    )
      await store.remove(trx, 'event', value.id, sync.sequence, sync.receivedAt);
  }

  return { organization, location, event };
}

/** What writing an event locks and looks up: its organisation, its location, itself, and the latest sync. */
export const eventEntities = (value: FeedEvent, owner: FeedOrganization): EntityKey[] => [
  ['organization', owner.id],
  ...(value.location ? [['location', value.location.id] as const] : []),
  ['event', value.id],
  ['organization-sync', owner.id],
];

/** What writing a location locks and looks up: its organisation and itself. */
export const locationEntities = (value: FeedLocation, owner: FeedOrganization): EntityKey[] => [
  ['organization', owner.id],
  ['location', value.id],
];

export type Writers = ReturnType<typeof createWriters>;
