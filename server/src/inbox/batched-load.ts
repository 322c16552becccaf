/** At most this many rows are read in one statement. */
const ROWS_PER_READ = 50;

/**
 * Loads rows by id, one at a time as callers see it, in as few statements as callers allow: the
 * ids asked for while a read runs are read together in the next one. Jobs that start together
 * (a worker taking up a backlog) then load their rows in one statement instead of one each.
 */
export function createBatchedLoad<Row extends { id: number | string }>(
  loadMany: (ids: number[]) => Promise<Row[]>
) {
  const waiting = new Map<
    number,
    Array<{ resolve: (row: Row | null) => void; reject: (error: unknown) => void }>
  >();
  let reading = false;

  async function readWaiting(): Promise<void> {
    reading = true;
    while (waiting.size > 0) {
      const ids = [...waiting.keys()].slice(0, ROWS_PER_READ);
      const callers = ids.map((id) => [id, waiting.get(id)!] as const);
      for (const id of ids) waiting.delete(id);
      try {
        const rows = new Map((await loadMany(ids)).map((row) => [Number(row.id), row]));
        for (const [id, each] of callers)
          for (const { resolve } of each) resolve(rows.get(id) ?? null);
      } catch (error) {
        for (const [, each] of callers) for (const { reject } of each) reject(error);
      }
    }
    reading = false;
  }

  return (id: number): Promise<Row | null> =>
    new Promise((resolve, reject) => {
      waiting.set(id, [...(waiting.get(id) ?? []), { resolve, reject }]);
      if (!reading) void readWaiting();
    });
}
