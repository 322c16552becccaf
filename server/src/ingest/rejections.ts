import type { RejectionSummary } from '../../../shared/contracts/health';
import type { Logger } from '../queue/message-queue';

const LOG_EVERY_MS = 60_000;

interface RejectionEntry {
  count: number;
  lastAt: number;
  lastReason: string;
  lastSource: string | null;
  loggedAt: number;
  loggedCount: number;
}

/**
 * Counts refused webhook requests per status code, without their bodies, remembering the last
 * one's time, reason and source address; logs the first of each status and then at most one
 * line a minute per status, so a flood cannot flood the log. Keyed by status alone, so the
 * counts stay bounded whatever reasons an attacker provokes. Counts are this instance's, since it started.
 */
export function createRejectionLog(log: Logger) {
  const entries = new Map<number, RejectionEntry>();

  return {
    record(status: number, reason: string, source: string | null): void {
      const now = Date.now();
      const entry = entries.get(status) ?? {
        count: 0,
        lastAt: 0,
        lastReason: '',
        lastSource: null,
        loggedAt: 0,
        loggedCount: 0,
      };
      entry.count += 1;
      entry.lastAt = now;
      entry.lastReason = reason;
      entry.lastSource = source;
      entries.set(status, entry);
      if (now - entry.loggedAt >= LOG_EVERY_MS) {
        const since = entry.count - entry.loggedCount;
        log.warn(
          `stager webhook: ${status} ${reason} (from ${source ?? 'unknown'}; ${since} ${status} answer(s) since the last report)`
        );
        entry.loggedAt = now;
        entry.loggedCount = entry.count;
      }
    },

    summary(): RejectionSummary[] {
      return [...entries.entries()]
        .sort(([a], [b]) => a - b)
        .map(([status, entry]) => ({
          status,
          count: entry.count,
          lastAt: new Date(entry.lastAt).toISOString(),
          lastReason: entry.lastReason,
          lastSource: entry.lastSource,
        }));
    },
  };
}

export type RejectionLog = ReturnType<typeof createRejectionLog>;
