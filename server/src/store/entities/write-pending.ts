import { NOT_RECORDED, type ChangeRow } from '../change-record';
import { ENTITY_UIDS, type EntityType } from '../entity-types';
import type { Transaction } from '../transaction';
import type { EntityStoreContext } from './context';
import { stepKey, type PendingWrites } from './pending-writes';

/** Strapi's `eventName` to send for the entries `ids` of `uid` once their transaction commits. */
export interface Announcement {
  eventName: string;
  uid: string;
  ids: number[];
}

const ENTITY_TYPES = Object.keys(ENTITY_UIDS) as EntityType[];

/** Writes what the transaction's work left pending; returns what to announce once it commits. */
export async function writePending(
  context: EntityStoreContext,
  trx: Transaction
): Promise<Announcement[]> {
  const pending = context.pendingWrites.get(trx);
  context.pendingWrites.delete(trx);
  if (!pending) return [];
  const announcements = [];
  const records = [...pending.records];
  for (const type of ENTITY_TYPES)
    announcements.push(await writeChanges(context, trx, pending, type, records));
  const created = await context.inserter.insert(
    trx,
    ENTITY_UIDS.event,
    [...pending.createdEvents.values()],
    await context.localeRows.creationLocales(trx, 'event')
  );
  for (const stagerId of pending.createdEvents.keys()) {
    const steps = pending.steps.get(stepKey('event', stagerId));
    if (steps) records.push(...context.recorder.recordsOf('event', stagerId, null, steps));
  }
  await context.recorder.write(trx, records, new Date());
  for (const { uid, ids } of pending.createdNow)
    announcements.push({ eventName: 'entry.create', uid, ids });
  announcements.push({ eventName: 'entry.create', uid: ENTITY_UIDS.event, ids: created });
  return announcements.filter(({ ids }) => ids.length > 0);
}

/**
 * Writes the pending changes of the entries of `type`, and adds to `records` those of the changes
 * that messages made; returns their announcement.
 */
async function writeChanges(
  { layout, updater, recorder, localeRows }: EntityStoreContext,
  trx: Transaction,
  pending: PendingWrites,
  type: EntityType,
  records: ChangeRow[]
): Promise<Announcement> {
  const uid = ENTITY_UIDS[type];
  const entries = [...pending.changes[type]];
  const recorded = entries.filter(([stagerId]) => pending.steps.has(stepKey(type, stagerId)));
  const before = await layout.storedScalars(
    trx,
    uid,
    recorded.map(([, { id }]) => id),
    NOT_RECORDED
  );
  const changes = await localeRows.spread(
    trx,
    type,
    entries.map(([, change]) => change)
  );
  const changedLinks = await updater.update(trx, uid, changes);
  for (const [stagerId, { id }] of recorded)
    records.push(
      ...recorder.recordsOf(
        type,
        stagerId,
        before.get(id) ?? {},
        pending.steps.get(stepKey(type, stagerId))!,
        changedLinks.get(id)
      )
    );
  return { eventName: 'entry.update', uid, ids: changes.map(({ id }) => id) };
}
