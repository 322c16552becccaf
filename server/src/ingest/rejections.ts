import type { Logger } from '../queue/message-queue';

const LOG_EVERY_MS = 60_000;

/**
 * Counts refused webhook requests per status code, without their bodies, and logs the first of
 * each status and then at most one line a minute per status, so a flood cannot flood the log.
 * Keyed by status alone, so the counts stay bounded whatever reasons an attacker provokes.
 */
export function createRejectionLog(log: Logger) {
  const counts = new Map<number, { count: number; loggedAt: number; loggedCount: number }>();

  return {
    record(status: number, reason: string, source: string | null): void {
      const now = Date.now();
      const entry = counts.get(status) ?? { count: 0, loggedAt: 0, loggedCount: 0 };
      entry.count += 1;
      counts.set(status, entry);
      if (now - entry.loggedAt >= LOG_EVERY_MS) {
        const since = entry.count - entry.loggedCount;
        log.warn(`stager webhook: ${status} ${reason} (from ${source ?? 'unknown'}; ${since} ${status} answer(s) since the last report)`);
        entry.loggedAt = now;
        entry.loggedCount = entry.count;
      }
    },
  };
}

export type RejectionLog = ReturnType<typeof createRejectionLog>;
