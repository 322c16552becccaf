import type { Core } from '@strapi/strapi';
import { errorMessage } from '../utils/error-message';
import { createBulkInserter } from './bulk-insert';
import { CONFLICT_ATTEMPTS, isTransactionConflict } from './conflicts';
import { ENTITY_UIDS, type EntityType } from './entity-types';
import { createIsolation } from './isolation';
import { createSyncGuard, type GuardOutcome, type SyncMarker, type Transaction } from './sync-guard';

type EntryData = Record<string, unknown>;

/**
 * Runs `work` in one transaction of the entity store, and commits what it wrote. A transaction
 * rolled back by a deadlock runs again, so `work` must start from the same state each time.
 */
export type RunInTransaction = <T>(work: (trx: Transaction) => Promise<T>) => Promise<T>;

/**
 * Writes organisations, locations and events. Changes go through Strapi's document service, so
 * that lifecycles, webhooks and the Content Manager see them as any other entry. New events, which
 * a full sync brings by the thousand, are created together when their transaction ends, in a few
 * statements (see `bulk-insert.ts`). Only the fields given are written; every other field of an
 * entry stays as editors left it.
 */
export function createEntityStore(strapi: Core.Strapi) {
  const guard = createSyncGuard(strapi);
  const bulk = createBulkInserter(strapi);
  const isolation = createIsolation(strapi);
  const documents = (type: EntityType) => strapi.documents(ENTITY_UIDS[type] as never);

  // New events of each open transaction, by Stager id: created when the transaction's work is done.
  const newEvents = new WeakMap<Transaction, Map<string, EntryData>>();
  const newEventsOf = (trx: Transaction) => {
    let created = newEvents.get(trx);
    if (!created) newEvents.set(trx, (created = new Map()));
    return created;
  };

  async function documentIdOf(type: EntityType, stagerId: string): Promise<string | null> {
    const entry = await strapi.db.query(ENTITY_UIDS[type] as never).findOne({ where: { stagerId }, select: ['documentId'] });
    return (entry?.documentId as string | undefined) ?? null;
  }

  // The written entry is not read back whole: nothing here needs more than its id.
  const noReadBack = { fields: ['documentId'] };

  /** Creates or changes the entry; `data` replaces only the fields it names. */
  async function save(trx: Transaction, type: EntityType, stagerId: string, data: EntryData): Promise<void> {
    const pending = type === 'event' ? newEventsOf(trx) : null;
    const queued = pending?.get(stagerId);
    if (queued) {
      pending?.set(stagerId, { ...queued, ...data });
      return;
    }
    const documentId = await documentIdOf(type, stagerId);
    if (documentId) await documents(type).update({ documentId, data, ...noReadBack } as never);
    else if (pending) pending.set(stagerId, data);
    else await documents(type).create({ data, ...noReadBack } as never);
  }

  // One batch's announcements at a time, in the order the batches were created.
  let announcements = Promise.resolve();
  const announce = (ids: number[]) => {
    announcements = announcements
      .then(() => bulk.announceCreated(ENTITY_UIDS.event, ids))
      .catch((error) => {
        strapi.log.warn(`stager: entry.create events not sent: ${errorMessage(error)}`);
      });
  };

  const transaction: RunInTransaction = async <T>(work: (trx: Transaction) => Promise<T>) => {
    // Inside a caller's transaction, its isolation and its retries are the caller's to choose.
    const ownTransaction = !strapi.db.inTransaction();
    for (let attempt = 1; ; attempt++) {
      try {
        return await runOnce(work, ownTransaction);
      } catch (error) {
        if (!ownTransaction || attempt >= CONFLICT_ATTEMPTS || !isTransactionConflict(error)) throw error;
      }
    }
  };

  /** One run of `work`; its transaction's pending new events and states are its own, so a rerun starts clean. */
  const runOnce = <T>(work: (trx: Transaction) => Promise<T>, ownTransaction: boolean) =>
    strapi.db.transaction(async ({ trx, onCommit }) => {
      if (ownTransaction) await isolation.beginReadCommitted(trx);
      const result = await work(trx);
      const created = newEvents.get(trx);
      newEvents.delete(trx);
      if (created?.size) {
        const ids = await bulk.insert(trx, ENTITY_UIDS.event, [...created.values()]);
        onCommit(() => announce(ids));
      }
      await guard.flush(trx);
      return result;
    }) as Promise<T>;

  return {
    transaction,
    documentIdOf,
    recordSync: (trx: Transaction, organizationId: string, marker: SyncMarker) => guard.recordSync(trx, organizationId, marker),
    latestSync: (trx: Transaction, organizationId: string) => guard.latestSync(trx, organizationId),

    upsert(trx: Transaction, type: EntityType, stagerId: string, sequence: number, hash: string, data: object): Promise<GuardOutcome> {
      // In receipt order this message created the entry before the later removal: create it, removed,
      // so that entries linking to it keep their link when it comes back.
      const whenRemovedLater = async () => {
        if (!(await documentIdOf(type, stagerId)) && !newEvents.get(trx)?.has(stagerId)) {
          await save(trx, type, stagerId, { ...data, syncSequence: sequence, removedAt: new Date() });
        }
      };
      return guard.apply(trx, type, stagerId, sequence, { kind: 'write', hash, whenRemovedLater }, () =>
        save(trx, type, stagerId, { ...data, syncSequence: sequence, removedAt: null })
      );
    },

    /** Soft removal: the entry leaves the public API and keeps every field, editors' included. */
    remove(trx: Transaction, type: EntityType, stagerId: string, sequence: number, removedAt: Date): Promise<GuardOutcome> {
      return guard.apply(trx, type, stagerId, sequence, { kind: 'remove' }, async () => {
        const removal = { removedAt, syncSequence: sequence };
        if (newEvents.get(trx)?.has(stagerId) || (await documentIdOf(type, stagerId))) await save(trx, type, stagerId, removal);
      });
    },

    /** Stager ids of an organisation's events starting at or after `from` that are not removed. */
    async upcomingEventIds(organizationId: string, from: Date): Promise<string[]> {
      const events = await strapi.db.query(ENTITY_UIDS.event as never).findMany({
        where: { organization: { stagerId: organizationId }, start: { $gte: from }, removedAt: { $null: true } },
        select: ['stagerId'],
      });
      return events.map((event) => event.stagerId as string);
    },
  };
}

export type EntityStore = ReturnType<typeof createEntityStore>;
