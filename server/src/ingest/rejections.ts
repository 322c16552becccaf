import type { Logger } from '../queue/message-queue';

export interface RejectionCount {
  status: number;
  reason: string;
  count: number;
  lastAt: string;
  lastSource: string | null;
}

const LOG_EVERY_MS = 60_000;

/**
 * Counts refused webhook requests per status and reason, without their bodies. Logs the first
 * of each kind and then at most one line a minute per kind, so a flood cannot flood the log.
 */
export function createRejectionLog(log: Logger) {
  const counts = new Map<string, RejectionCount & { loggedAt: number; loggedCount: number }>();

  return {
    record(status: number, reason: string, source: string | null): void {
      const key = `${status} ${reason}`;
      const now = Date.now();
      const entry = counts.get(key) ?? { status, reason, count: 0, lastAt: '', lastSource: null, loggedAt: 0, loggedCount: 0 };
      entry.count += 1;
      entry.lastAt = new Date(now).toISOString();
      entry.lastSource = source;
      counts.set(key, entry);
      if (now - entry.loggedAt >= LOG_EVERY_MS) {
        const since = entry.count - entry.loggedCount;
        log.warn(`stager webhook: ${status} ${reason} (from ${source ?? 'unknown'}; ${since} since last report)`);
        entry.loggedAt = now;
        entry.loggedCount = entry.count;
      }
    },

    list(): RejectionCount[] {
      return [...counts.values()].map(({ status, reason, count, lastAt, lastSource }) => ({
        status,
        reason,
        count,
        lastAt,
        lastSource,
      }));
    },
  };
}

export type RejectionLog = ReturnType<typeof createRejectionLog>;
