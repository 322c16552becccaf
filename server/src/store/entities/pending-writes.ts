import type { EntryChange } from '../bulk-update';
import type { ChangeRow, WriteStep } from '../change-record';
import type { EntityType } from '../entity-types';
import type { Transaction } from '../transaction';

export type EntryData = Record<string, unknown>;

/**
 * What a transaction will write when its work is done: new events, changes to existing entries,
 * and for the change record each message's writes per entry (keyed `type:stagerId`) and the
 * records of entries already created.
 */
export interface PendingWrites {
  createdEvents: Map<string, EntryData>;
  changes: Record<EntityType, Map<string, EntryChange>>;
  steps: Map<string, WriteStep[]>;
  records: ChangeRow[];
  /** Rows created at once (organisations and locations with locales), to announce after commit. */
  createdNow: Array<{ uid: string; ids: number[] }>;
}

export const stepKey = (type: EntityType, stagerId: string) => `${type}:${stagerId}`;

/** The transaction's pending writes, begun empty on its first write. */
export function pendingOf(
  pendingWrites: WeakMap<Transaction, PendingWrites>,
  trx: Transaction
): PendingWrites {
  let pending = pendingWrites.get(trx);
  if (!pending) {
    pending = {
      createdEvents: new Map(),
      changes: { organization: new Map(), location: new Map(), event: new Map() },
      steps: new Map(),
      records: [],
      createdNow: [],
    };
    pendingWrites.set(trx, pending);
  }
  return pending;
}

/** True when the transaction's pending writes create or change the entry. */
export function isPending(
  pending: PendingWrites | undefined,
  type: EntityType,
  stagerId: string
): boolean {
  return Boolean(
    pending &&
    ((type === 'event' && pending.createdEvents.has(stagerId)) ||
      pending.changes[type].has(stagerId))
  );
}

/**
 * A message's write of an entry, for the change record; null for a write of no message, or while
 * `recordChanges()` says the site keeps no record.
 */
export function stepOf(
  data: EntryData,
  creating: boolean,
  recordChanges: () => boolean
): WriteStep | null {
  const messageId = data.syncSequence;
  if (typeof messageId !== 'number' || !recordChanges()) return null;
  // A copy: Strapi's lifecycles add their timestamps to the data they are given.
  return { messageId, data: { ...data }, creating };
}

/** Keeps a message's write of an entry until the transaction's record is made. */
export function noteStep(
  pending: PendingWrites,
  type: EntityType,
  stagerId: string,
  step: WriteStep | null
): void {
  if (!step) return;
  const key = stepKey(type, stagerId);
  pending.steps.set(key, [...(pending.steps.get(key) ?? []), step]);
}
