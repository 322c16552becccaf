import type { Core } from '@strapi/strapi';
import type { Transaction } from '../transaction';
import { apply, type Change, type WriteResult } from './receipt-order';
import { createStateRows, flush, lockStates, type StateKind, type StateRow } from './state-rows';
import { latestSync, recordSync, type SyncMarker, type SyncsRead } from './sync-markers';

export type { Change, GuardOutcome, WriteResult } from './receipt-order';
export type { StateKind, StateRow } from './state-rows';
export type { SyncMarker } from './sync-markers';
export type { Transaction } from '../transaction';

/**
 * Receipt order, per entity: a message never overwrites or removes what a later-received message
 * wrote. The state row of each entity is locked for the rest of the transaction (SQLite serialises
 * transactions anyway), so concurrent workers apply their changes one after the other, in order.
 * A removal is remembered even when the entity does not exist yet.
 */
export function createSyncGuard(strapi: Core.Strapi) {
  const states = createStateRows(strapi);
  const syncsRead: SyncsRead = new WeakMap();
  return {
    /** See `apply` in `receipt-order.ts`. */
    apply: (
      trx: Transaction,
      kind: StateKind,
      stagerId: string,
      sequence: number,
      change: Change,
      write: (previous: StateRow) => Promise<WriteResult>
    ) => apply(states, trx, kind, stagerId, sequence, change, write),

    /**
     * Locks the states of `entities` at once, in the order given, for the `apply` and `latestSync`
     * calls of the transaction that follow: one statement instead of one each.
     */
    lockStates: (trx: Transaction, entities: ReadonlyArray<readonly [StateKind, string]>) =>
      lockStates(states, trx, entities).then(() => undefined),

    /** Records an organisation's full sync, unless a later one is already recorded. */
    recordSync: (trx: Transaction, organizationId: string, marker: SyncMarker) =>
      recordSync(states, trx, organizationId, marker),

    /** Writes the states the transaction changed: call it once its work is done. */
    flush: (trx: Transaction) => flush(states, trx),

    /** The organisation's latest full sync, if any (see `sync-markers.ts`). */
    latestSync: (trx: Transaction, organizationId: string) =>
      latestSync(states, syncsRead, trx, organizationId),
  };
}

export type SyncGuard = ReturnType<typeof createSyncGuard>;
