import type { Logger, MessageQueue } from '../queue/message-queue';
import type { InboxStore } from './store';
import { errorMessage } from '../utils/error-message';

const BATCH = 500;
/** Rows younger than this are still being queued by the request that stored them. */
const UNQUEUED_GRACE_MS = 2_000;
/**
 * Besides after each reconnection, every this often the rows that have not moved for
 * `STILL_FOR_MS` are checked for a lost job: a Redis that evicts keys loses jobs without a
 * reconnection.
 */
const ROUTINE_LOST_CHECK_MS = 10 * 60_000;
const STILL_FOR_MS = 60_000;

/** A pass over the queued and running rows not updated since `before`, in id order. */
interface LostJobCheck {
  before: Date;
  afterId: number;
}

/**
 * Hands the queue every row it should have but does not: rows stored while Redis was down, rows
 * whose process stopped before queuing them, and rows whose job was lost with Redis's memory.
 * Lost jobs are looked for when Redis has just (re)connected, since it may have come back empty,
 * and now and then: never on every sweep, which would ask Redis about every row of a backlog.
 */
export function createSweeper(inbox: InboxStore, queue: MessageQueue, log: Logger) {
  let running = false;
  let lostJobCheck: LostJobCheck | null = null;
  let lastRoutineCheck = Date.now();

  async function queueUnqueued(graceMs: number): Promise<number> {
    const rows = await inbox.findUnqueued(new Date(Date.now() - graceMs), BATCH);
    for (const row of rows) {
      await queue.enqueue(row.id, row.replays);
      await inbox.markQueued(row.id);
    }
    return rows.length;
  }

  /** One batch of the current check; the check ends with its last batch. */
  async function requeueLost(): Promise<number> {
    if (!lostJobCheck && Date.now() - lastRoutineCheck >= ROUTINE_LOST_CHECK_MS) {
      lastRoutineCheck = Date.now();
      lostJobCheck = { before: new Date(Date.now() - STILL_FOR_MS), afterId: 0 };
    }
    const check = lostJobCheck;
    if (!check) return 0;
    const rows = await inbox.findStill(check.before, check.afterId, BATCH);
    let requeued = 0;
    for (const row of rows) {
      if (await queue.hasLiveJob(row.id, row.replays)) continue;
      await queue.enqueue(row.id, row.replays);
      requeued += 1;
    }
    if (lostJobCheck === check)
      lostJobCheck = rows.length < BATCH ? null : { ...check, afterId: rows[rows.length - 1].id };
    return requeued;
  }

  async function sweep(graceMs = UNQUEUED_GRACE_MS): Promise<void> {
    if (running || !queue.isConnected()) return;
    running = true;
    try {
      const queued = await queueUnqueued(graceMs);
      const requeued = await requeueLost();
      if (queued + requeued > 0) {
        log.info(
          `stager: sweeper queued ${queued} waiting and ${requeued} lost message(s) from the inbox`
        );
      }
    } catch (error) {
      log.warn(`stager: sweeper could not queue inbox messages: ${errorMessage(error)}`);
    } finally {
      running = false;
    }
  }

  return {
    /**
     * `graceMs` leaves rows younger than that to the request still queuing them; after a
     * reconnection, nothing is in flight and every unqueued row can go at once.
     */
    sweep,

    /** Redis is reachable again, perhaps empty: every row that has not moved since is checked for its job. */
    redisConnected(): Promise<void> {
      lostJobCheck = { before: new Date(), afterId: 0 };
      return sweep(0);
    },
  };
}
