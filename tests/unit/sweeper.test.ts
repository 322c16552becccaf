import { createSweeper } from '../../server/src/inbox/sweeper';
import type { InboxStore, QueueRef } from '../../server/src/inbox/store';
import type { MessageQueue } from '../../server/src/queue/message-queue';

/** An inbox of queued rows, each with the time it last moved, and a queue holding some of their jobs. */
function fixture(rows: Array<{ id: number; movedAt: number; hasJob: boolean }>) {
  const stillQueries: Array<{ before: number; afterId: number }> = [];
  const enqueued: number[] = [];
  const inbox = {
    findUnqueued: async () => [],
    markQueued: async () => undefined,
    findStill: async (before: Date, afterId: number, limit: number): Promise<QueueRef[]> => {
      stillQueries.push({ before: before.getTime(), afterId });
      return rows
        .filter((row) => row.movedAt < before.getTime() && row.id > afterId)
        .slice(0, limit)
        .map((row) => ({ id: row.id, replays: 0 }));
    },
  } as unknown as InboxStore;
  const queue = {
    isConnected: () => true,
    hasLiveJob: async (id: number) =>
      rows.find((row) => row.id === id)!.hasJob || enqueued.includes(id),
    enqueue: async (id: number) => void enqueued.push(id),
  } as unknown as MessageQueue;
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
  return { sweeper: createSweeper(inbox, queue, log), stillQueries, enqueued };
}

describe('the sweeper looking for jobs lost with Redis', () => {
  const start = new Date('2026-11-27T12:00:00Z').getTime();

  beforeEach(() => {
    jest.useFakeTimers({ now: start });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('after a reconnection, queues again every row that had not moved since and whose job is gone', async () => {
    const { sweeper, enqueued } = fixture([
      { id: 1, movedAt: start - 1, hasJob: false },
      { id: 2, movedAt: start - 1, hasJob: true },
      { id: 3, movedAt: start + 1, hasJob: false },
    ]);
    await sweeper.redisConnected();
    expect(enqueued).toEqual([1]);
  });

  it('does not ask about the rows of a backlog on every sweep, only every 10 minutes', async () => {
    const { sweeper, stillQueries } = fixture([
      { id: 1, movedAt: start - 3_600_000, hasJob: true },
    ]);
    for (let minute = 1; minute < 10; minute++) {
      jest.setSystemTime(start + minute * 60_000);
      await sweeper.sweep();
    }
    expect(stillQueries).toEqual([]);
    jest.setSystemTime(start + 10 * 60_000);
    await sweeper.sweep();
    expect(stillQueries).toEqual([{ before: start + 9 * 60_000, afterId: 0 }]);
  });

  it('goes through a long list in batches of 500, one batch per sweep', async () => {
    const rows = Array.from({ length: 700 }, (_, i) => ({
      id: i + 1,
      movedAt: start - 1,
      hasJob: false,
    }));
    const { sweeper, stillQueries, enqueued } = fixture(rows);
    await sweeper.redisConnected();
    expect(enqueued).toHaveLength(500);
    await sweeper.sweep();
    expect(enqueued).toHaveLength(700);
    await sweeper.sweep();
    expect(stillQueries.map((query) => query.afterId)).toEqual([0, 500]);
  });
});
