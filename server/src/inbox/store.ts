import type { Core } from '@strapi/strapi';
import type { ItemError } from '../sync/types';
import {
  FINISHED_STATUSES,
  isFinished,
  type FinishedStatus,
  type InboxStatus,
} from '../../../shared/constants';
import { createBatchedLoad } from './batched-load';
import { createBatchedWrite } from './batched-write';
import { createRowsUpdate } from './rows-update';
import { createDurableInsert } from './durable-insert';
import { CHANGE_RECORD_UID } from '../store/entity-types';

export const INBOX_UID = 'plugin::stager.inbox-message';

export interface NewInboxMessage {
  messageType: string;
  organizationId: string | null;
  sourceAddress: string | null;
  size: number;
  sha256: string;
  itemCount: number;
  payload: string;
}

export interface InboxRow {
  id: number;
  receivedAt: string;
  messageType: string;
  organizationId: string | null;
  status: InboxStatus;
  attempts: number;
  replays: number;
  itemCount: number;
  payload: string | null;
}

/** What names a row's job in the queue. */
export interface QueueRef {
  id: number;
  replays: number;
}

export interface Outcome {
  status: FinishedStatus | 'queued';
  error?: string | null;
  itemsProcessed?: number;
  itemsFailed?: number;
  itemErrors?: ItemError[];
  startedAt: Date;
  attempts: number;
}

export type ReplayOutcome =
  | { replayed: true; replays: number }
  | {
      replayed: false;
      reason: 'not-found' | 'not-finished' | 'payload-pruned' | 'changed';
      status?: InboxStatus;
    };

/** Statuses a message can be replayed from once it has not moved for longer than a job's lock: it is stuck. */
export const STUCK_STATUSES: readonly InboxStatus[] = ['queued', 'processing'];

/** True when the message may be replayed: finished, or queued or processing and unmoved since `stuckBefore`. */
export function isReplayable(
  row: { status: InboxStatus; updatedAt: unknown },
  stuckBefore: Date
): boolean {
  if (isFinished(row.status)) return true;
  const movedAt = new Date(row.updatedAt as string | number | Date).getTime();
  return STUCK_STATUSES.includes(row.status) && movedAt < stuckBefore.getTime();
}

/** What finishing a row sets: its outcome, and `updatedAt`, which the sweeper reads. */
const OUTCOME_ATTRIBUTES = [
  'status',
  'error',
  'itemsProcessed',
  'itemsFailed',
  'itemErrors',
  'attempts',
  'startedAt',
  'finishedAt',
  'durationMs',
  'updatedAt',
];

/** At most this many item errors are kept per message; the count says how many there were. */
const MAX_ITEM_ERRORS = 1_000;

/** The inbox table: one row per accepted message. Its id is the message's receipt sequence. */
export function createInboxStore(strapi: Core.Strapi) {
  const query = () => strapi.db.query(INBOX_UID as never);
  const createDurably = createDurableInsert(strapi);
  const columnOf = (uid: string, attribute: string) =>
    (strapi.db.metadata.get(uid).attributes[attribute] as { columnName: string }).columnName;

  /** The change record is kept as long as the messages it tells of: a pruned message takes its rows. */
  async function pruneChangeRecords(): Promise<void> {
    const inbox = strapi.db.metadata.get(INBOX_UID).tableName;
    await strapi.db
      .connection(strapi.db.metadata.get(CHANGE_RECORD_UID).tableName)
      .whereIn(
        columnOf(CHANGE_RECORD_UID, 'messageId'),
        strapi.db
          .connection(inbox)
          .select('id')
          .whereNotNull(columnOf(INBOX_UID, 'payloadPrunedAt'))
      )
      .delete();
  }
  /**
   * One UPDATE of the row, with `updatedAt`, which the sweeper reads. `update` would read the row
   * before and, payload included, after.
   */
  const changeRow = (id: number, data: Record<string, unknown>) =>
    query().updateMany({ where: { id }, data: { ...data, updatedAt: new Date() } });
  const finishRow = createBatchedWrite(createRowsUpdate(strapi, INBOX_UID, OUTCOME_ATTRIBUTES));
  const load = createBatchedLoad(
    async (ids: number[]) =>
      (await query().findMany({
        where: { id: { $in: ids } },
        select: [
          'id',
          'receivedAt',
          'messageType',
          'organizationId',
          'status',
          'attempts',
          'replays',
          'itemCount',
          'payload',
        ],
      })) as InboxRow[]
  );

  return {
    record(message: NewInboxMessage): Promise<number> {
      return createDurably(INBOX_UID, { ...message, status: 'received', receivedAt: new Date() });
    },

    /** One conditional UPDATE: a worker that already took the row is never set back to `queued`. */
    async markQueued(id: number): Promise<void> {
      await query().updateMany({ where: { id, status: 'received' }, data: { status: 'queued' } });
    },

    /** The row to apply; the rows of jobs that start together are read in one statement. */
    load,

    /** A queued row waiting its turn on a worker: its time moves, so that it never looks stuck. */
    async stillWaiting(id: number): Promise<void> {
      await query().updateMany({
        where: { id, status: 'queued' },
        data: { updatedAt: new Date() },
      });
    },

    /** The full sync being applied now, other than `id`, if any. */
    async fullSyncInProgress(id: number, itemsAbove: number): Promise<number | null> {
      const row = (await query().findOne({
        where: { status: 'processing', itemCount: { $gt: itemsAbove }, id: { $ne: id } },
        select: ['id'],
        orderBy: { id: 'asc' },
      })) as { id: number } | null;
      return row?.id ?? null;
    },

    /** Progress of a running message: `done` of its `itemCount` items. */
    async reportProgress(id: number, done: number): Promise<void> {
      await changeRow(id, { itemsProcessed: done });
    },

    async markProcessing(row: InboxRow, startedAt: Date): Promise<void> {
      await changeRow(row.id, {
        status: 'processing',
        attempts: row.attempts + 1,
        startedAt,
        error: null,
      });
    },

    /** Records the outcome; the outcomes of jobs that end together are written in one statement. */
    async finish(id: number, outcome: Outcome): Promise<void> {
      const finishedAt = new Date();
      await finishRow({
        id,
        values: {
          status: outcome.status,
          error: outcome.error ?? null,
          itemsProcessed: outcome.itemsProcessed ?? 0,
          itemsFailed: outcome.itemsFailed ?? 0,
          itemErrors: outcome.itemErrors?.slice(0, MAX_ITEM_ERRORS) ?? null,
          attempts: outcome.attempts,
          startedAt: outcome.startedAt,
          finishedAt,
          durationMs: finishedAt.getTime() - outcome.startedAt.getTime(),
          updatedAt: finishedAt,
        },
      });
    },

    /** Rows accepted but never handed to the queue (Redis was down, or the process stopped). */
    async findUnqueued(receivedBefore: Date, limit: number): Promise<QueueRef[]> {
      const rows = await query().findMany({
        where: { status: 'received', updatedAt: { $lt: receivedBefore } },
        select: ['id', 'replays'],
        orderBy: { id: 'asc' },
        limit,
      });
      return rows as QueueRef[];
    },

    /** Rows the queue should hold but that have not moved since `before`, after `afterId`: their job may be gone. */
    async findStill(before: Date, afterId: number, limit: number): Promise<QueueRef[]> {
      const rows = await query().findMany({
        where: {
          status: { $in: ['queued', 'processing'] },
          updatedAt: { $lt: before },
          id: { $gt: afterId },
        },
        select: ['id', 'replays'],
        orderBy: { id: 'asc' },
        limit,
      });
      return rows as QueueRef[];
    },

    /**
     * Sets a finished row back to `received` with its replay counter raised, which names a new
     * job; one conditional UPDATE, so two replays at once make one. The row keeps its id, and so
     * its place in receipt order: the sequence guard still applies.
     */
    /**
     * Also takes a queued or processing row that has not moved since `stuckBefore`: its job was
     * lost, and the replay's new job (a new replay counter) makes any leftover of it stale.
     */
    async markForReplay(id: number, stuckBefore: Date): Promise<ReplayOutcome> {
      const row = (await query().findOne({
        where: { id },
        select: ['id', 'status', 'replays', 'payloadPrunedAt', 'updatedAt'],
      })) as {
        status: InboxStatus;
        replays: number;
        payloadPrunedAt: string | null;
        updatedAt: unknown;
      } | null;
      if (!row) return { replayed: false, reason: 'not-found' };
      if (!isReplayable(row, stuckBefore))
        return { replayed: false, reason: 'not-finished', status: row.status };
      if (row.payloadPrunedAt) return { replayed: false, reason: 'payload-pruned' };
      const replays = row.replays + 1;
      const { count } = await query().updateMany({
        where: { id, status: row.status, replays: row.replays, payload: { $notNull: true } },
        data: {
          status: 'received',
          replays,
          attempts: 0,
          error: null,
          itemsProcessed: 0,
          itemsFailed: 0,
          itemErrors: null,
          startedAt: null,
          finishedAt: null,
          durationMs: null,
        },
      });
      return count === 1 ? { replayed: true, replays } : { replayed: false, reason: 'changed' };
    },

    async prunePayloads(receivedBefore: Date): Promise<number> {
      const result = await query().updateMany({
        where: {
          receivedAt: { $lt: receivedBefore },
          payload: { $notNull: true },
          status: { $in: FINISHED_STATUSES },
        },
        data: { payload: null, payloadPrunedAt: new Date() },
      });
      await pruneChangeRecords();
      return result.count;
    },
  };
}

export type InboxStore = ReturnType<typeof createInboxStore>;
