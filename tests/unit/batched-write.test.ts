import { createBatchedWrite } from '../../server/src/inbox/batched-write';

/**
 * A fake table whose writes take a few ms and are logged: a write that holds a row named `bad`
 * fails whole, as a statement does; `down` fails every write.
 */
function fakeTable() {
  const writes: string[][] = [];
  const stored: string[] = [];
  let down = false;
  const writeMany = async (rows: string[]): Promise<void> => {
    writes.push(rows);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (down) throw new Error('database unreachable');
    if (rows.includes('bad')) throw new Error('value too long');
    stored.push(...rows);
  };
  return { writes, stored, writeMany, goDown: () => (down = true) };
}

it('writes the rows asked for while a write runs together in the next one', async () => {
  const table = fakeTable();
  const write = createBatchedWrite(table.writeMany);
  await Promise.all(['a', 'b', 'c', 'd'].map((row) => write(row)));
  expect(table.writes).toEqual([['a'], ['b', 'c', 'd']]);
  expect(table.stored).toEqual(['a', 'b', 'c', 'd']);
});

it('writes each row of a failed statement alone, so that only the bad row fails', async () => {
  const table = fakeTable();
  const write = createBatchedWrite(table.writeMany);
  const outcomes = await Promise.allSettled(['a', 'b', 'bad', 'c'].map((row) => write(row)));
  expect(outcomes.map((outcome) => outcome.status)).toEqual([
    'fulfilled',
    'fulfilled',
    'rejected',
    'fulfilled',
  ]);
  expect((outcomes[2] as PromiseRejectedResult).reason).toEqual(new Error('value too long'));
  expect(table.writes).toEqual([['a'], ['b', 'bad', 'c'], ['b'], ['bad'], ['c']]);
  expect(table.stored).toEqual(['a', 'b', 'c']);
});

it('fails each caller after one statement of its own when the database is down, without looping', async () => {
  const table = fakeTable();
  const write = createBatchedWrite(table.writeMany);
  table.goDown();
  const outcomes = await Promise.allSettled(['a', 'b', 'c'].map((row) => write(row)));
  expect(outcomes).toEqual(
    Array(3).fill({ status: 'rejected', reason: new Error('database unreachable') })
  );
  expect(table.writes).toEqual([['a'], ['b', 'c'], ['b'], ['c']]);
  // The next write is tried, and fails, on its own.
  await expect(write('d')).rejects.toThrow('database unreachable');
  expect(table.writes).toHaveLength(5);
});

it('writes at most 50 rows in one statement', async () => {
  const rows = Array.from({ length: 120 }, (_, i) => `row ${i}`);
  const table = fakeTable();
  const write = createBatchedWrite(table.writeMany);
  await Promise.all(rows.map((row) => write(row)));
  expect(table.writes.map((batch) => batch.length)).toEqual([1, 50, 50, 19]);
  expect(table.stored).toEqual(rows);
});
