import type { StateKind } from '../sync-guard';
import type { Transaction } from '../transaction';
import type { EntityStoreContext } from './context';
import { lookUpRows } from './entry-lookup';
import type { EntityType } from '../entity-types';

/** An entity a write concerns: its state row is locked, its entry looked up. */
export type EntityKey = readonly [StateKind, string];

const KIND_ORDER: readonly StateKind[] = ['organization', 'location', 'event', 'organization-sync'];

/**
 * `entities` without repeats, in one order for every transaction (kind, then id): two workers
 * that lock the entities of several messages at once take the locks in the same order, and so
 * wait for each other instead of deadlocking.
 */
export function inLockOrder(entities: readonly EntityKey[]): EntityKey[] {
  const unique = new Map(entities.map((entity) => [JSON.stringify(entity), entity]));
  return [...unique.values()].sort(
    ([kindA, idA], [kindB, idB]) =>
      KIND_ORDER.indexOf(kindA) - KIND_ORDER.indexOf(kindB) || (idA < idB ? -1 : idA > idB ? 1 : 0)
  );
}

/** Looks up the stored rows of `entities` in one statement, for the lookups of the transaction that follow. */
export const lookUp = (
  context: EntityStoreContext,
  trx: Transaction,
  entities: readonly EntityKey[]
) =>
  lookUpRows(
    context,
    trx,
    entities.filter(
      (entity): entity is readonly [EntityType, string] => entity[0] !== 'organization-sync'
    )
  );

/**
 * Locks the states of `entities` (in the order given) and looks up their stored rows, each in one
 * statement, for the writes of the transaction that follow; entities the transaction has locked
 * or looked up already are skipped.
 */
export async function prepare(
  context: EntityStoreContext,
  trx: Transaction,
  entities: readonly EntityKey[]
): Promise<void> {
  await context.guard.lockStates(trx, entities);
  await lookUp(context, trx, entities);
}
