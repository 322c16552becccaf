import type { Transaction } from './sync-guard';

export type TransactionWork<T> = (trx: Transaction) => Promise<T>;

interface WaitingWork {
  work: TransactionWork<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs the transactions asked for while one is running together, in the next one: one commit, one
 * lock per entity and one write of the pending changes for many small messages, which otherwise
 * take turns on the same locks (every message of an organisation writes the organisation). A
 * group takes the works waiting when it starts, and those that arrive while it runs until `maxMs`
 * have passed. When a group fails, each of its works runs again alone, so that a failing work
 * fails alone and the others are applied.
 */
export function createGroupCommit(
  runTransaction: <T>(work: TransactionWork<T>) => Promise<T>,
  maxMs: number
) {
  const waiting: WaitingWork[] = [];
  let draining = false;

  async function runGroup(): Promise<void> {
    const group: WaitingWork[] = [];
    let results: unknown[];
    try {
      results = await runTransaction(async (trx) => {
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
      });
    } catch {
      // A transaction that failed before its first work (the database unreachable) is the first
      // waiting work's to report.
      for (const member of waiting.splice(0, Math.max(group.length, 1))) await runAlone(member);
      return;
    }
    waiting.splice(0, group.length);
    group.forEach((member, index) => member.resolve(results[index]));
  }

  async function runAlone({ work, resolve, reject }: WaitingWork): Promise<void> {
    try {
      resolve(await runTransaction(work));
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

  return function inGroup<T>(work: TransactionWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!draining) void drain();
    });
  };
}
