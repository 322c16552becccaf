import type { Transaction } from './sync-guard';

export type TransactionWork<T> = (trx: Transaction) => Promise<T>;

/**
 * What a transaction prepares before its work: the entities one work will write, or those of the
 * works of a group (`ofGroup`), which each work still prepares for itself as it runs.
 */
export interface Preparation<E> {
  entities: readonly E[];
  ofGroup: boolean;
}

/** Runs `work` in a transaction that first prepares what `preparation` names. */
export type RunPrepared<E> = <T>(
  work: TransactionWork<T>,
  preparation: Preparation<E>
) => Promise<T>;

/** A group prepares at most this many entities of its works at once; the others prepare their own. */
export const MOST_PREPARED_PER_GROUP = 500;

interface WaitingWork<E> {
  work: TransactionWork<unknown>;
  entities: readonly E[];
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs the transactions asked for while one is running together, in the next one: one commit, one
 * lock per entity and one write of the pending changes for many small messages, which otherwise
 * take turns on the same locks (every message of an organisation writes the organisation). A
 * group takes the works waiting when it starts, and those that arrive while it runs until `maxMs`
 * have passed; the entities of the works waiting when it starts are prepared together, as a
 * group's (see `Preparation`). When a group fails, each of its works runs again alone, so that a failing work
 * fails alone and the others are applied.
 */
export function createGroupCommit<E>(runTransaction: RunPrepared<E>, maxMs: number) {
  const waiting: Array<WaitingWork<E>> = [];
  let draining = false;

  async function runGroup(): Promise<void> {
    const group: Array<WaitingWork<E>> = [];
    const entities = waiting.flatMap((member) => member.entities).slice(0, MOST_PREPARED_PER_GROUP);
    let results: unknown[];
    try {
      results = await runTransaction(
        async (trx) => {
          group.length = 0;
          const outcomes: unknown[] = [];
          const started = Date.now();
          // The first work always: a transaction slow to begin must not leave its group empty.
          for (
            let next = 0;
            next < waiting.length && (next === 0 || Date.now() - started < maxMs);
            next++
          ) {
            group.push(waiting[next]);
            outcomes.push(await waiting[next].work(trx));
          }
          return outcomes;
        },
        { entities, ofGroup: true }
      );
    } catch {
      // A transaction that failed before its first work (the database unreachable) is the first
      // waiting work's to report.
      for (const member of waiting.splice(0, Math.max(group.length, 1))) await runAlone(member);
      return;
    }
    waiting.splice(0, group.length);
    group.forEach((member, index) => member.resolve(results[index]));
  }

  async function runAlone({ work, entities, resolve, reject }: WaitingWork<E>): Promise<void> {
    try {
      resolve(await runTransaction(work, { entities, ofGroup: false }));
    } catch (error) {
      reject(error);
    }
  }

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (waiting.length > 0) {
        if (waiting.length === 1) await runAlone(waiting.shift()!);
        else await runGroup();
      }
    } finally {
      draining = false;
    }
  }

  return function inGroup<T>(work: TransactionWork<T>, entities: readonly E[] = []): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      waiting.push({ work, entities, resolve: resolve as (value: unknown) => void, reject });
      if (!draining) void drain();
    });
  };
}
