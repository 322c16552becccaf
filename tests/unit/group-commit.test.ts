import { createGroupCommit, type TransactionWork } from '../../server/src/store/group-commit';
import type { Transaction } from '../../server/src/store/sync-guard';

/**
 * A fake database: each transaction is an object whose log records the works run in it; a
 * transaction fails (and commits nothing) when one of its works throws, as a rollback would.
 */
function fakeDatabase() {
  const committed: string[][] = [];
  let open = 0;
  let mostOpen = 0;
  const runTransaction = async <T>(work: TransactionWork<T>): Promise<T> => {
    open += 1;
    mostOpen = Math.max(mostOpen, open);
    const trx = { log: [] as string[] };
    try {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const result = await work(trx as unknown as Transaction);
      committed.push(trx.log);
      return result;
    } finally {
      open -= 1;
    }
  };
  const step =
    (name: string, fails = false): TransactionWork<string> =>
    async (trx) => {
      (trx as unknown as { log: string[] }).log.push(name);
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (fails) throw new Error(`${name} failed`);
      return `${name} done`;
    };
  return { committed, runTransaction, step, mostOpen: () => mostOpen };
}

describe('transactions asked for at once', () => {
  it('run alone when nothing else waits', async () => {
    const db = fakeDatabase();
    const inGroup = createGroupCommit(db.runTransaction, 1_000);
    await expect(inGroup(db.step('a'))).resolves.toBe('a done');
    await expect(inGroup(db.step('b'))).resolves.toBe('b done');
    expect(db.committed).toEqual([['a'], ['b']]);
  });

  it('are committed together while one runs, each with its own result, one transaction at a time', async () => {
    const db = fakeDatabase();
    const inGroup = createGroupCommit(db.runTransaction, 1_000);
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((name) => inGroup(db.step(name))));
    expect(results).toEqual(['a done', 'b done', 'c done', 'd done']);
    // The first starts alone; the three that waited for it share the next transaction.
    expect(db.committed).toEqual([['a'], ['b', 'c', 'd']]);
    expect(db.mostOpen()).toBe(1);
  });

  it('run again alone when their group fails, so that only the failing work fails', async () => {
    const db = fakeDatabase();
    const inGroup = createGroupCommit(db.runTransaction, 1_000);
    const outcomes = await Promise.allSettled([
      inGroup(db.step('a')),
      inGroup(db.step('b')),
      inGroup(db.step('bad', true)),
      inGroup(db.step('c')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((outcomes[2] as PromiseRejectedResult).reason).toEqual(new Error('bad failed'));
    // The group [b, bad, c] rolled back; b and c were committed on their own.
    expect(db.committed).toEqual([['a'], ['b'], ['c']]);
  });

  it('each fail, rather than wait, when no transaction can begin', async () => {
    const unreachable = () => Promise.reject(new Error('database unreachable'));
    const inGroup = createGroupCommit(unreachable, 1_000);
    const work = async () => 'never';
    const outcomes = await Promise.allSettled([inGroup(work), inGroup(work), inGroup(work)]);
    expect(outcomes).toEqual(
      Array(3).fill({ status: 'rejected', reason: new Error('database unreachable') })
    );
  });

  it('stop taking works once the group has run for its time limit', async () => {
    const db = fakeDatabase();
    const inGroup = createGroupCommit(db.runTransaction, 0);
    await Promise.all(['a', 'b', 'c'].map((name) => inGroup(db.step(name))));
    // With no time to spare, each group takes one work: none waits for the others' statements.
    expect(db.committed).toEqual([['a'], ['b'], ['c']]);
  });

  it('take in the works that arrive while their group runs', async () => {
    const db = fakeDatabase();
    const inGroup = createGroupCommit(db.runTransaction, 1_000);
    let bStarted = false;
    let releaseB = () => {};
    const bReleased = new Promise<void>((resolve) => (releaseB = resolve));
    const works = [
      inGroup(db.step('a')),
      inGroup(async (trx) => {
        bStarted = true;
        await bReleased;
        return db.step('b')(trx);
      }),
      inGroup(db.step('c')),
    ];
    while (!bStarted) await new Promise((resolve) => setTimeout(resolve, 1));
    works.push(inGroup(db.step('d')));
    releaseB();
    await Promise.all(works);
    expect(db.committed).toEqual([['a'], ['b', 'c', 'd']]);
  });
});
