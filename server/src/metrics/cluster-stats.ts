import type Redis from 'ioredis';
import type { RejectionSummary } from '../../../shared/contracts/health';

/** Upper bounds (seconds) of the apply-duration histogram's buckets. */
export const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const FLUSH_EVERY_MS = 1_000;

export type { RejectionSummary };

export interface DurationHistogram {
  messageType: string;
  /** Cumulative counts, one per bound of `DURATION_BUCKETS`. */
  buckets: number[];
  count: number;
  sumSeconds: number;
}

interface LastRejection {
  at: number;
  reason: string;
  source: string | null;
}

/**
 * Figures of the whole cluster (every instance of the site), kept in Redis under the site's key:
 * webhook answers and refusals per status, and apply durations per message type. Each instance
 * adds its own to Redis once a second; until then, and while Redis is unreachable, they wait in
 * memory, so nothing counted is lost. Readers get the cluster's totals from any instance.
 */
export function createClusterStats(redis: () => { client: Redis; key: string } | null) {
  const pendingAnswers = new Map<number, number>();
  const pendingRejections = new Map<number, LastRejection>();
  const pendingDurations = new Map<string, number[]>();
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> | null = null;

  const keysOf = (key: string) => ({
    answers: `${key}:answers`,
    rejections: `${key}:rejections`,
    durations: `${key}:durations`,
  });
  const connected = () => {
    const target = redis();
    return target && target.client.status === 'ready'
      ? { client: target.client, keys: keysOf(target.key) }
      : null;
  };
  const add = <K>(map: Map<K, number>, field: K, by = 1) =>
    map.set(field, (map.get(field) ?? 0) + by);

  async function flushNow(): Promise<void> {
    const target = connected();
    if (!target) return;
    const { client, keys } = target;
    const answers = new Map(pendingAnswers);
    const rejections = new Map(pendingRejections);
    const durations = new Map(pendingDurations);
    if (answers.size + durations.size === 0) return;
    pendingAnswers.clear();
    pendingRejections.clear();
    pendingDurations.clear();
    const batch = client.multi();
    for (const [status, count] of answers) {
      batch.hincrby(keys.answers, String(status), count);
      if (status >= 400) batch.hincrby(keys.rejections, `${status}:count`, count);
    }
    for (const [status, last] of rejections)
      batch.hset(keys.rejections, `${status}:last`, JSON.stringify(last));
    for (const [messageType, seconds] of durations) {
      DURATION_BUCKETS.forEach((bound, index) => {
        const within = seconds.filter((value) => value <= bound).length;
        if (within > 0) batch.hincrby(keys.durations, `${messageType}|${index}`, within);
      });
      batch.hincrby(keys.durations, `${messageType}|count`, seconds.length);
      batch.hincrbyfloat(
        keys.durations,
        `${messageType}|sum`,
        seconds.reduce((sum, value) => sum + value, 0)
      );
    }
    try {
      await batch.exec();
    } catch {
      // Redis went away: the figures wait for the next flush.
      for (const [status, count] of answers) add(pendingAnswers, status, count);
      for (const [status, last] of rejections)
        if (!pendingRejections.has(status)) pendingRejections.set(status, last);
      for (const [messageType, seconds] of durations)
        pendingDurations.set(messageType, [
          ...seconds,
          ...(pendingDurations.get(messageType) ?? []),
        ]);
    }
  }

  function flush(): Promise<void> {
    flushing ??= flushNow().finally(() => (flushing = null));
    return flushing;
  }

  async function hash(name: keyof ReturnType<typeof keysOf>): Promise<Record<string, string>> {
    await flush();
    const target = connected();
    if (!target) throw new Error('Redis is not connected');
    return target.client.hgetall(target.keys[name]);
  }

  return {
    start(): void {
      timer = setInterval(() => void flush(), FLUSH_EVERY_MS);
      timer.unref();
    },

    /** Adds this instance's last figures to Redis (on shutdown). */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await flush();
    },

    /** One webhook answer; a refusal (4xx, 5xx) with its reason and source address. */
    answered(status: number, refusal?: { reason: string; source: string | null }): void {
      add(pendingAnswers, status);
      if (refusal) pendingRejections.set(status, { at: Date.now(), ...refusal });
    },

    /** How long applying one message took. */
    applied(messageType: string, seconds: number): void {
      pendingDurations.set(messageType, [...(pendingDurations.get(messageType) ?? []), seconds]);
    },

    /** Webhook answers per status code, in the whole cluster. Throws while Redis is unreachable. */
    async answers(): Promise<Map<number, number>> {
      const fields = await hash('answers');
      return new Map(
        Object.entries(fields).map(([status, count]) => [Number(status), Number(count)])
      );
    },

    /** Refused requests per status code in the whole cluster, with the last one's time, reason and source. */
    async rejections(): Promise<RejectionSummary[]> {
      const fields = await hash('rejections');
      const statuses = Object.keys(fields)
        .filter((field) => field.endsWith(':count'))
        .map((field) => Number(field.slice(0, -':count'.length)))
        .sort((a, b) => a - b);
      return statuses.map((status) => {
        const last = JSON.parse(
          fields[`${status}:last`] ?? '{"at":0,"reason":"","source":null}'
        ) as LastRejection;
        return {
          status,
          count: Number(fields[`${status}:count`]),
          lastAt: new Date(last.at).toISOString(),
          lastReason: last.reason,
          lastSource: last.source,
        };
      });
    },

    /** Apply durations per message type in the whole cluster. Throws while Redis is unreachable. */
    async durations(): Promise<DurationHistogram[]> {
      const fields = await hash('durations');
      const types = new Set(
        Object.keys(fields).map((field) => field.slice(0, field.lastIndexOf('|')))
      );
      return [...types].sort().map((messageType) => ({
        messageType,
        buckets: DURATION_BUCKETS.map((_, index) => Number(fields[`${messageType}|${index}`] ?? 0)),
        count: Number(fields[`${messageType}|count`] ?? 0),
        sumSeconds: Number(fields[`${messageType}|sum`] ?? 0),
      }));
    },
  };
}

export type ClusterStats = ReturnType<typeof createClusterStats>;
