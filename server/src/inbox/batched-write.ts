/** At most this many rows are written in one statement. */
const ROWS_PER_WRITE = 50;

/**
 * Writes rows one at a time as callers see it, in as few statements as callers allow: the writes
 * asked for while one runs are made together in the next. A statement that fails is made again
 * row by row, so that a row that cannot be written fails alone; when the database is down, each
 * write fails after one try of its own, instead of being retried in a loop.
 */
export function createBatchedWrite<Row>(writeMany: (rows: Row[]) => Promise<void>) {
  const waiting: Array<{ row: Row; resolve: () => void; reject: (error: unknown) => void }> = [];
  let writing = false;

  async function writeAlone({ row, resolve, reject }: (typeof waiting)[number]): Promise<void> {
    try {
      await writeMany([row]);
      resolve();
    } catch (error) {
      reject(error);
    }
  }

  async function writeWaiting(): Promise<void> {
    writing = true;
    while (waiting.length > 0) {
      const batch = waiting.splice(0, ROWS_PER_WRITE);
      if (batch.length === 1) {
        await writeAlone(batch[0]);
        continue;
      }
      try {
        await writeMany(batch.map(({ row }) => row));
        for (const { resolve } of batch) resolve();
      } catch {
        for (const member of batch) await writeAlone(member);
      }
    }
    writing = false;
  }

  return (row: Row): Promise<void> =>
    new Promise((resolve, reject) => {
      waiting.push({ row, resolve, reject });
      if (!writing) void writeWaiting();
    });
}
