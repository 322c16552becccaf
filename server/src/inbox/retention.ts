import type { Logger } from '../queue/message-queue';
import type { InboxStore } from './store';
import { errorMessage } from '../utils/error-message';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Drops the payloads of finished messages older than the retention period; their history rows stay. */
export async function prunePayloads(
  inbox: InboxStore,
  retentionDays: number,
  log: Logger
): Promise<void> {
  try {
    const pruned = await inbox.prunePayloads(new Date(Date.now() - retentionDays * DAY_MS));
    if (pruned > 0)
      log.info(
        `stager: pruned the payloads of ${pruned} message(s) older than ${retentionDays} days`
      );
  } catch (error) {
    log.warn(`stager: payload pruning failed: ${errorMessage(error)}`);
  }
}

export { DAY_MS };
