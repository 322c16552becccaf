import { createBatchedLoad } from '../../server/src/inbox/batched-load';

interface Row {
  id: number;
}

/** A fake table whose reads take a few ms and are logged; `failNext` fails the next read. */
function fakeTable(ids: number[]) {
  const reads: number[][] = [];
  let failNext = false;
  const loadMany = async (wanted: number[]): Promise<Row[]> => {
    reads.push(wanted);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (failNext) {
      failNext = false;
      throw new Error('connection lost');
    }
    return ids.filter((id) => wanted.includes(id)).map((id) => ({ id }));
  };
  return { reads, loadMany, failNextRead: () => (failNext = true) };
}

it('reads the rows asked for while a read runs together in the next one', async () => {
  const table = fakeTable([1, 2, 3, 4]);
  const load = createBatchedLoad(table.loadMany);
  const rows = await Promise.all([1, 2, 3, 4, 2].map((id) => load(id)));
  expect(rows).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }, { id: 2 }]);
  // The first read starts at once; the others asked for meanwhile share the second.
  expect(table.reads).toEqual([[1], [2, 3, 4]]);
});

it('answers null for a row that does not exist, and the others their rows', async () => {
  const table = fakeTable([1, 3]);
  const load = createBatchedLoad(table.loadMany);
  expect(await Promise.all([1, 2, 3].map((id) => load(id)))).toEqual([{ id: 1 }, null, { id: 3 }]);
});

it('fails the callers of a failed read only, and reads again for the next ones', async () => {
  const table = fakeTable([1, 2, 3]);
  const load = createBatchedLoad(table.loadMany);
  table.failNextRead();
  const first = load(1);
  const second = load(2);
  await expect(first).rejects.toThrow('connection lost');
  expect(await second).toEqual({ id: 2 });
  expect(await load(3)).toEqual({ id: 3 });
  expect(table.reads).toEqual([[1], [2], [3]]);
});

it('reads at most 50 rows in one statement', async () => {
  const ids = Array.from({ length: 120 }, (_, i) => i + 1);
  const table = fakeTable(ids);
  const load = createBatchedLoad(table.loadMany);
  await Promise.all(ids.map((id) => load(id)));
  expect(table.reads.map((read) => read.length)).toEqual([1, 50, 50, 19]);
});
