import {
  createGroupCommit,
  type Preparation,
  type TransactionWork,
} from '../../server/src/store/group-commit';
import type { Transaction } from '../../server/src/store/sync-guard';

/**
 * A fake database: each transaction is an object whose log records the works run in it; a
 * transaction fails (and commits nothing) when one of its works throws, as a rollback would.
 */
function fakeDatabase() {
  const committed: string[][] = [];
  /**
   * What each transaction was asked to prepare, in the order transactions began: a work's own
   * entities, or those of a group (marked `group:`).
   */
  const prepared: string[][] = [];
  let open = 0;
  let mostOpen = 0;
  const runTransaction = async <T>(
    work: TransactionWork<T>,
    { entities, ofGroup }: Preparation<string>
  ): Promise<T> => {
    open += 1;
    mostOpen = Math.max(mostOpen, open);
    prepared.push(ofGroup ? entities.map((entity) => `group:${entity}`) : [...entities]);
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
  return { committed, prepared, runTransaction, step, mostOpen: () => mostOpen };
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
    const inGroup = createGroupCommit<string>(db.runTransaction, 1_000);
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((name) => inGroup(db.step(name))));
    expect(results).toEqual(['a done', 'b done', 'c done', 'd done']);
    // The first starts alone; the three that waited for it share the next transaction.
    expect(db.committed).toEqual([['a'], ['b', 'c', 'd']]);
    expect(db.mostOpen()).toBe(1);
  });

  it('prepare the entities of every work waiting when their group begins, in one go', async () => {
    const db = fakeDatabase();
    const inGroup = createGroupCommit<string>(db.runTransaction, 1_000);
    await Promise.all([
      inGroup(db.step('a'), ['org-1', 'event-a']),
      inGroup(db.step('b'), ['org-1', 'event-b']),
      inGroup(db.step('c')),
      inGroup(db.step('d'), ['org-2', 'event-d']),
    ]);
    expect(db.committed).toEqual([['a'], ['b', 'c', 'd']]);
    expect(db.prepared).toEqual([
      ['org-1', 'event-a'],
      ['group:org-1', 'group:event-b', 'group:org-2', 'group:event-d'],
    ]);
  });

  it('prepare only what a work that failed its group names, when it runs again alone', async () => {
    const db = fakeDatabase();
    const inGroup = createGroupCommit<string>(db.runTransaction, 1_000);
    await Promise.allSettled([
      inGroup(db.step('a'), ['event-a']),
      inGroup(db.step('b'), ['event-b']),
      inGroup(db.step('bad', true), ['event-bad']),
    ]);
    expect(db.prepared).toEqual([
      ['event-a'],
      ['group:event-b', 'group:event-bad'],
      ['event-b'],
      ['event-bad'],
    ]);
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
    let begun = 0;
    const unreachable = () => {
      begun += 1;
      return Promise.reject(new Error('database unreachable'));
    };
    const inGroup = createGroupCommit(unreachable, 1_000);
    const work = async () => 'never';
    const outcomes = await Promise.allSettled([inGroup(work), inGroup(work), inGroup(work)]);
    expect(outcomes).toEqual(
      Array(3).fill({ status: 'rejected', reason: new Error('database unreachable') })
    );
    // The first alone, then each failed group once and its first work alone: no tight loop.
    expect(begun).toBe(4);
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
