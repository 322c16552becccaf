import { CONFLICT_ATTEMPTS, isTransactionConflict } from '../conflicts';
import { createGroupCommit, type Preparation } from '../group-commit';
import { createIsolation } from '../isolation';
import type { Transaction } from '../transaction';
import { createAnnouncer } from './announcer';
import type { EntityStoreContext } from './context';
import { inLockOrder, lookUp, prepare, type EntityKey } from './prepare';
import { writePending } from './write-pending';

/**
 * Runs `work` in one transaction of the entity store, and commits what it wrote. A transaction
 * rolled back by a deadlock runs again, so `work` must start from the same state each time.
 * `entities`, those the work will write, are prepared before it (see `prepare.ts`): locked in one
 * lock order and looked up when it runs alone, looked up together with those of the works that
 * share its transaction otherwise; each work locks its own as it runs, so that a group holds no
 * lock before it needs it.
 */
export type RunInTransaction = <T>(
  work: (trx: Transaction) => Promise<T>,
  entities?: readonly EntityKey[]
) => Promise<T>;

/**
 * The entity store's transactions: each writes its work's pending writes and changed states before
 * it commits, and announces its entries after. Outside a caller's transaction, the works asked for
 * together share one (see `group-commit.ts`), committed after `maxMs` at the latest.
 */
export function createTransactionRunner(context: EntityStoreContext, maxMs: number) {
  const { strapi, layout, guard } = context;
  const isolation = createIsolation(strapi);
  const announce = createAnnouncer(strapi, layout);

  /** One run of `work`; its transaction's pending writes and states are its own, so a rerun starts clean. */
  const runOnce = <T>(
    work: (trx: Transaction) => Promise<T>,
    ownTransaction: boolean,
    { entities, ofGroup }: Preparation<EntityKey>
  ) =>
    strapi.db.transaction(async ({ trx, onCommit }) => {
      if (ownTransaction) await isolation.beginReadCommitted(trx);
      if (ofGroup) await lookUp(context, trx, entities);
      else if (entities.length > 0) await prepare(context, trx, inLockOrder(entities));
      const result = await work(trx);
      const announcements = await writePending(context, trx);
      if (announcements.length > 0) onCommit(() => announce(announcements));
      await guard.flush(trx);
      return result;
    }) as Promise<T>;

  /** Runs `work` in a transaction of its own, again when the database rolled it back as a conflict. */
  const withRetries = async <T>(
    work: (trx: Transaction) => Promise<T>,
    preparation: Preparation<EntityKey>
  ): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await runOnce(work, true, preparation);
      } catch (error) {
        if (attempt >= CONFLICT_ATTEMPTS || !isTransactionConflict(error)) throw error;
      }
    }
  };
  const inGroup = createGroupCommit(withRetries, maxMs);

  // Inside a caller's transaction, its isolation, its retries and its commit are the caller's.
  const transaction: RunInTransaction = (work, entities = []) =>
    strapi.db.inTransaction()
      ? runOnce(work, false, { entities, ofGroup: false })
      : inGroup(work, entities);
  return transaction;
}
