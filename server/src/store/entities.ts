import type { Core } from '@strapi/strapi';
import type { BatchLimits } from '../sync/apply-items';
import { onceData, writableData, type WritePolicy } from '../fields/field-authority';
import { errorMessage } from '../utils/error-message';
import { createBulkInserter } from './bulk-insert';
import { createBulkUpdater, type EntryChange } from './bulk-update';
import {
  createChangeRecorder,
  NOT_RECORDED,
  type ChangeRow,
  type WriteStep,
} from './change-record';
import { contentHash } from './content-hash';
import { CONFLICT_ATTEMPTS, isTransactionConflict } from './conflicts';
import { ENTITY_UIDS, type EntityType } from './entity-types';
import { createIsolation } from './isolation';
import {
  createSyncGuard,
  type GuardOutcome,
  type SyncMarker,
  type Transaction,
  type WriteResult,
} from './sync-guard';
import { createGroupCommit } from './group-commit';
import { createTableLayout } from './table-layout';

type EntryData = Record<string, unknown>;

/**
 * Runs `work` in one transaction of the entity store, and commits what it wrote. A transaction
 * rolled back by a deadlock runs again, so `work` must start from the same state each time.
 */
export type RunInTransaction = <T>(work: (trx: Transaction) => Promise<T>) => Promise<T>;

/**
 * What a transaction will write when its work is done: new events, changes to existing entries,
 * and for the change record each message's writes per entry (keyed `type:stagerId`) and the
 * records of entries already created.
 */
interface PendingWrites {
  createdEvents: Map<string, EntryData>;
  changes: Record<EntityType, Map<string, EntryChange>>;
  steps: Map<string, WriteStep[]>;
  records: ChangeRow[];
}

const stepKey = (type: EntityType, stagerId: string) => `${type}:${stagerId}`;

const ENTITY_TYPES = Object.keys(ENTITY_UIDS) as EntityType[];

/**
 * Writes organisations, locations and events. New events, which a full sync brings by the
 * thousand, and changes to existing entries, which every message brings, are written together when
 * their transaction ends, in a few statements per table (see `bulk-insert.ts` and `bulk-update.ts`),
 * laid out as Strapi lays them out. Only the fields given are written; every other field of an
 * entry stays as editors left it. A content type that a site gave drafts or locales is written
 * through Strapi's document service instead, which alone knows how to.
 */
export function createEntityStore(
  strapi: Core.Strapi,
  policy: WritePolicy,
  recordChanges: () => boolean = () => true
) {
  const guard = createSyncGuard(strapi);
  const layout = createTableLayout(strapi);
  const inserter = createBulkInserter(strapi, layout);
  const updater = createBulkUpdater(strapi, layout);
  const recorder = createChangeRecorder(layout);
  const isolation = createIsolation(strapi);
  const documents = (type: EntityType) => strapi.documents(ENTITY_UIDS[type] as never);
  const viaDocumentService = (type: EntityType) => layout.needsDocumentService(ENTITY_UIDS[type]);

  /**
   * Identical items (a nightly re-sync) go 100 to a transaction. On SQLite the worker's
   * transaction holds the site's single connection, which the webhook's inbox writes wait for:
   * there a batch is committed after 50 ms, elsewhere after 250 ms.
   */
  const batchLimits: BatchLimits = {
    maxItems: 100,
    maxMs: strapi.db.dialect.client === 'sqlite' ? 50 : 250,
  };

  const pendingWrites = new WeakMap<Transaction, PendingWrites>();
  const pendingOf = (trx: Transaction) => {
    let pending = pendingWrites.get(trx);
    if (!pending) {
      pending = {
        createdEvents: new Map(),
        changes: { organization: new Map(), location: new Map(), event: new Map() },
        steps: new Map(),
        records: [],
      };
      pendingWrites.set(trx, pending);
    }
    return pending;
  };

  const rowOf = (
    trx: Transaction,
    type: EntityType,
    stagerId: string
  ): Promise<{ id: number; document_id: string } | undefined> =>
    trx(layout.tableOf(ENTITY_UIDS[type]))
      .select('id', 'document_id')
      .where({ stager_id: stagerId })
      .first();

  async function documentIdOf(
    trx: Transaction,
    type: EntityType,
    stagerId: string
  ): Promise<string | null> {
    return (await rowOf(trx, type, stagerId))?.document_id ?? null;
  }

  async function rowIdOf(
    trx: Transaction,
    type: EntityType,
    stagerId: string
  ): Promise<number | null> {
    const row = await rowOf(trx, type, stagerId);
    return row ? Number(row.id) : null;
  }

  const isPending = (trx: Transaction, type: EntityType, stagerId: string) => {
    const pending = pendingWrites.get(trx);
    return Boolean(
      pending &&
      ((type === 'event' && pending.createdEvents.has(stagerId)) ||
        pending.changes[type].has(stagerId))
    );
  };
  const exists = async (trx: Transaction, type: EntityType, stagerId: string) =>
    isPending(trx, type, stagerId) || (await rowIdOf(trx, type, stagerId)) !== null;

  // The written entry is not read back whole: nothing here needs more than its id.
  const noReadBack = { fields: ['documentId'] };

  /** The fields of `data` the sync may write; a new event waiting for review arrives hidden. */
  function allowed(type: EntityType, data: EntryData, creating: boolean): EntryData {
    const writable = writableData(policy.authorities()[type], data, creating);
    if (creating && type === 'event' && policy.newEvents() === 'review') writable.hidden = true;
    return writable;
  }

  /** Creates or changes the entry; `data` replaces only the fields it names that the sync owns. */
  const save = (trx: Transaction, type: EntityType, stagerId: string, data: EntryData) =>
    writeEntry(
      trx,
      type,
      stagerId,
      () => allowed(type, data, true),
      () => allowed(type, data, false)
    );

  /** A message's write of an entry, for the change record; null for a write of no message. */
  function stepOf(data: EntryData, creating: boolean): WriteStep | null {
    const messageId = data.syncSequence;
    if (typeof messageId !== 'number' || !recordChanges()) return null;
    // A copy: Strapi's lifecycles add their timestamps to the data they are given.
    return { messageId, data: { ...data }, creating };
  }

  /** Keeps a message's write of an entry until the transaction's record is made. */
  function noteStep(
    pending: PendingWrites,
    type: EntityType,
    stagerId: string,
    data: EntryData,
    creating: boolean
  ): void {
    const step = stepOf(data, creating);
    if (!step) return;
    const key = stepKey(type, stagerId);
    pending.steps.set(key, [...(pending.steps.get(key) ?? []), step]);
  }

  /** Creates the entry with `creation()`, or changes it with `change()`. */
  async function writeEntry(
    trx: Transaction,
    type: EntityType,
    stagerId: string,
    creation: () => EntryData,
    change: () => EntryData
  ): Promise<WriteResult> {
    if (viaDocumentService(type)) {
      const documentId = await documentIdOf(trx, type, stagerId);
      if (documentId) {
        await documents(type).update({ documentId, data: change(), ...noReadBack } as never);
        return;
      }
      await documents(type).create({ data: creation(), ...noReadBack } as never);
      return 'created';
    }
    const pending = pendingOf(trx);
    // Created earlier in this transaction: what follows is a change, which leaves `once` fields be.
    const created = type === 'event' ? pending.createdEvents.get(stagerId) : undefined;
    if (created) {
      const data = change();
      pending.createdEvents.set(stagerId, { ...created, ...data });
      noteStep(pending, type, stagerId, data, false);
      return;
    }
    const pendingChange = pending.changes[type].get(stagerId);
    if (pendingChange) {
      const data = change();
      pendingChange.data = { ...pendingChange.data, ...data };
      noteStep(pending, type, stagerId, data, false);
      return;
    }
    const id = await rowIdOf(trx, type, stagerId);
    if (id !== null) {
      const data = change();
      pending.changes[type].set(stagerId, { id, data });
      noteStep(pending, type, stagerId, data, false);
      return;
    }
    const data = creation();
    // Organisations and locations are created at once: the events after them link to them.
    if (type === 'event') {
      pending.createdEvents.set(stagerId, data);
      noteStep(pending, type, stagerId, data, true);
    } else {
      await documents(type).create({ data, ...noReadBack } as never);
      const step = stepOf(data, true);
      if (step) pending.records.push(...recorder.recordsOf(type, stagerId, null, [step]));
    }
    return 'created';
  }

  /** Writes what the transaction's work left pending; returns what to announce once it commits. */
  async function writePending(
    trx: Transaction
  ): Promise<Array<{ eventName: string; uid: string; ids: number[] }>> {
    const pending = pendingWrites.get(trx);
    pendingWrites.delete(trx);
    if (!pending) return [];
    const announcements = [];
    const records = [...pending.records];
    for (const type of ENTITY_TYPES) {
      const uid = ENTITY_UIDS[type];
      const entries = [...pending.changes[type]];
      const recorded = entries.filter(([stagerId]) => pending.steps.has(stepKey(type, stagerId)));
      const before = await layout.storedScalars(
        trx,
        uid,
        recorded.map(([, { id }]) => id),
        NOT_RECORDED
      );
      const changes = entries.map(([, change]) => change);
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
      announcements.push({ eventName: 'entry.update', uid, ids: changes.map(({ id }) => id) });
    }
    const created = await inserter.insert(trx, ENTITY_UIDS.event, [
      ...pending.createdEvents.values(),
    ]);
    for (const stagerId of pending.createdEvents.keys()) {
      const steps = pending.steps.get(stepKey('event', stagerId));
      if (steps) records.push(...recorder.recordsOf('event', stagerId, null, steps));
    }
    await recorder.write(trx, records, new Date());
    announcements.push({ eventName: 'entry.create', uid: ENTITY_UIDS.event, ids: created });
    return announcements.filter(({ ids }) => ids.length > 0);
  }

  // One batch's announcements at a time, in the order the batches were committed.
  let announced = Promise.resolve();
  const announce = (announcements: Array<{ eventName: string; uid: string; ids: number[] }>) => {
    for (const { eventName, uid, ids } of announcements) {
      announced = announced
        .then(() => layout.announce(eventName, uid, ids))
        .catch((error) => {
          strapi.log.warn(`stager: ${eventName} events not sent: ${errorMessage(error)}`);
        });
    }
  };

  /** Runs `work` in a transaction of its own, again when the database rolled it back as a conflict. */
  const withRetries = async <T>(work: (trx: Transaction) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await runOnce(work, true);
      } catch (error) {
        if (attempt >= CONFLICT_ATTEMPTS || !isTransactionConflict(error)) throw error;
      }
    }
  };
  const inGroup = createGroupCommit(withRetries, batchLimits.maxMs);

  // Inside a caller's transaction, its isolation, its retries and its commit are the caller's.
  const transaction: RunInTransaction = (work) =>
    strapi.db.inTransaction() ? runOnce(work, false) : inGroup(work);

  /** One run of `work`; its transaction's pending writes and states are its own, so a rerun starts clean. */
  const runOnce = <T>(work: (trx: Transaction) => Promise<T>, ownTransaction: boolean) =>
    strapi.db.transaction(async ({ trx, onCommit }) => {
      if (ownTransaction) await isolation.beginReadCommitted(trx);
      const result = await work(trx);
      const announcements = await writePending(trx);
      if (announcements.length > 0) onCommit(() => announce(announcements));
      await guard.flush(trx);
      return result;
    }) as Promise<T>;

  return {
    transaction,
    batchLimits,
    documentIdOf,
    recordSync: (trx: Transaction, organizationId: string, marker: SyncMarker) =>
      guard.recordSync(trx, organizationId, marker),
    latestSync: (trx: Transaction, organizationId: string) => guard.latestSync(trx, organizationId),

    upsert(
      trx: Transaction,
      type: EntityType,
      stagerId: string,
      sequence: number,
      hash: string,
      data: object
    ): Promise<GuardOutcome> {
      // In receipt order this message created the entry before the later removal: create it, removed,
      // so that entries linking to it keep their link when it comes back.
      const whenRemovedLater = async (): Promise<WriteResult> => {
        if (await exists(trx, type, stagerId)) return;
        return save(trx, type, stagerId, {
          ...data,
          syncSequence: sequence,
          removedAt: new Date(),
        });
      };
      // A later message created the entry: its `once` fields take this older message's values, which
      // in receipt order created it.
      const whenCreatedLater = async () => {
        const once = onceData(policy.authorities()[type], data as EntryData);
        if (Object.keys(once).length > 0)
          await writeEntry(
            trx,
            type,
            stagerId,
            () => once,
            () => once
          );
      };
      // A change of authority changes what a message writes: the next message writes again.
      const written = contentHash(hash, policy.authorities()[type]);
      return guard.apply(
        trx,
        type,
        stagerId,
        sequence,
        { kind: 'write', hash: written, whenRemovedLater, whenCreatedLater },
        () => save(trx, type, stagerId, { ...data, syncSequence: sequence, removedAt: null })
      );
    },

    /** Soft removal: the entry leaves the public API and keeps every field, editors' included. */
    remove(
      trx: Transaction,
      type: EntityType,
      stagerId: string,
      sequence: number,
      removedAt: Date
    ): Promise<GuardOutcome> {
      return guard.apply(trx, type, stagerId, sequence, { kind: 'remove' }, async () => {
        const removal = { removedAt, syncSequence: sequence };
        if (await exists(trx, type, stagerId)) await save(trx, type, stagerId, removal);
      });
    },

    /** Stager ids of an organisation's events starting at or after `from` that are not removed. */
    async upcomingEventIds(organizationId: string, from: Date): Promise<string[]> {
      const events = await strapi.db.query(ENTITY_UIDS.event as never).findMany({
        where: {
          organization: { stagerId: organizationId },
          start: { $gte: from },
          removedAt: { $null: true },
        },
        select: ['stagerId'],
      });
      return events.map((event) => event.stagerId as string);
    },
  };
}

export type EntityStore = ReturnType<typeof createEntityStore>;
