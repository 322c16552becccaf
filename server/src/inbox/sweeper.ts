import type { Logger, MessageQueue } from '../queue/message-queue';
import type { InboxStore } from './store';
import { errorMessage } from '../utils/error-message';

const BATCH = 500;
/** Rows younger than this are still being queued by the request that stored them. */
const UNQUEUED_GRACE_MS = 2_000;
/**
 * A queued or running row that has not moved for this long is checked for a lost job (Redis came
 * back empty). A running row moves with every batch, and a row whose job is still in Redis is
 * left alone, however long the backlog.
 */
const STUCK_AFTER_MS = 15_000;

/**
 * Hands the queue every row it should have but does not: rows stored while Redis was down, rows
 * whose process stopped before queuing them, and rows whose job was lost with Redis's memory.
 */
export function createSweeper(inbox: InboxStore, queue: MessageQueue, log: Logger) {
  let running = false;

  async function queueUnqueued(graceMs: number): Promise<number> {
    const rows = await inbox.findUnqueued(new Date(Date.now() - graceMs), BATCH);
    for (const row of rows) {
      await queue.enqueue(row.id, row.replays);
      await inbox.markQueued(row.id);
    }
    return rows.length;
  }

  async function requeueLost(): Promise<number> {
    let requeued = 0;
    for (const row of await inbox.findStuck(new Date(Date.now() - STUCK_AFTER_MS), BATCH)) {
      if (await queue.hasJob(row.id, row.replays)) continue;
      await queue.enqueue(row.id, row.replays);
      requeued += 1;
    }
    return requeued;
  }

  return {
    /**
     * `graceMs` leaves rows younger than that to the request still queuing them; after a
     * reconnection, nothing is in flight and every unqueued row can go at once.
     */
    async sweep(graceMs = UNQUEUED_GRACE_MS): Promise<void> {
      if (running || !queue.isConnected()) return;
      running = true;
      try {
        const queued = await queueUnqueued(graceMs);
        const requeued = await requeueLost();
        if (queued + requeued > 0) {
          log.info(`stager: sweeper queued ${queued} waiting and ${requeued} lost message(s) from the inbox`);
        }
      } catch (error) {
        log.warn(`stager: sweeper could not queue inbox messages: ${errorMessage(error)}`);
      } finally {
        running = false;
      }
    },
  };
}
