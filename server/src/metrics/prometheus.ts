import { Counter, Gauge, Registry } from 'prom-client';
import { DURATION_BUCKETS, type DurationHistogram } from './cluster-stats';

/** What the metrics are read from at each scrape: figures of the whole cluster, never of one process. */
export interface MetricSources {
  webhookAnswers(): Promise<Map<number, number>>;
  messages(): Promise<Array<{ messageType: string; status: string; count: number }>>;
  queueJobs(): Promise<Record<string, number> | null>;
  lastFullSyncs(): Promise<Map<string, string | null>>;
  applyDurations(): Promise<DurationHistogram[]>;
}

export const METRIC_NAMES = {
  webhookAnswers: 'stager_webhook_answers_total',
  messages: 'stager_messages',
  queueJobs: 'stager_queue_jobs',
  secondsSinceFullSync: 'stager_seconds_since_last_full_sync',
  applyDuration: 'stager_apply_duration_seconds',
  redisUp: 'stager_redis_up',
} as const;

/**
 * The plugin's Prometheus metrics, in the text exposition format. Every figure is read at scrape
 * time from Redis or the database, so any instance behind a load balancer answers the same.
 */
export function createPrometheusMetrics(sources: MetricSources) {
  const registry = new Registry();
  let redisUp = true;
  // Redis-held figures: while Redis is down they are left out and `stager_redis_up` says so.
  const fromRedis = async <T>(read: () => Promise<T>): Promise<T | null> => {
    try {
      return await read();
    } catch {
      redisUp = false;
      return null;
    }
  };

  new Counter({
    name: METRIC_NAMES.webhookAnswers,
    help: 'Webhook answers by HTTP status, all instances together.',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [status, count] of (await fromRedis(sources.webhookAnswers)) ?? [])
        this.inc({ status: String(status) }, count);
    },
  });
  new Gauge({
    name: METRIC_NAMES.messages,
    help: 'Inbox messages by message type and status.',
    labelNames: ['type', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { messageType, status, count } of await sources.messages())
        this.set({ type: messageType, status }, count);
    },
  });
  new Gauge({
    name: METRIC_NAMES.queueJobs,
    help: 'Jobs in the Redis queue by state.',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [state, count] of Object.entries((await fromRedis(sources.queueJobs)) ?? {}))
        this.set({ state }, count);
    },
  });
  new Gauge({
    name: METRIC_NAMES.secondsSinceFullSync,
    help: 'Seconds since the last ORGANIZATION_SYNC received, per organisation (Stager sends one nightly).',
    labelNames: ['organization'],
    registers: [registry],
    async collect() {
      this.reset();
      const now = Date.now();
      for (const [organization, lastSyncAt] of await sources.lastFullSyncs()) {
        if (lastSyncAt)
          this.set({ organization }, Math.max(0, (now - Date.parse(lastSyncAt)) / 1000));
      }
    },
  });
  const redisGauge = new Gauge({
    name: METRIC_NAMES.redisUp,
    help: '1 when Redis answered this scrape; 0 when the figures kept in Redis are missing from it.',
    registers: [registry],
  });

  return {
    contentType: registry.contentType,

    async text(): Promise<string> {
      redisUp = true;
      const durations = await fromRedis(sources.applyDurations);
      // Gauges and counters collect while being rendered; the Redis gauge is rendered last of them.
      const rendered = await registry.getSingleMetricAsString(METRIC_NAMES.webhookAnswers);
      const others = await Promise.all(
        [METRIC_NAMES.messages, METRIC_NAMES.queueJobs, METRIC_NAMES.secondsSinceFullSync].map(
          (name) => registry.getSingleMetricAsString(name)
        )
      );
      redisGauge.set(redisUp ? 1 : 0);
      const up = await registry.getSingleMetricAsString(METRIC_NAMES.redisUp);
      return `${[rendered, ...others, histogramText(durations ?? []), up].join('\n')}\n`;
    },
  };
}

/**
 * The apply-duration histogram, written out here because its buckets are the cluster's (summed in
 * Redis), which prom-client's Histogram, made to observe values in one process, cannot be set to.
 */
function histogramText(histograms: DurationHistogram[]): string {
  const name = METRIC_NAMES.applyDuration;
  const lines = [
    `# HELP ${name} Time to apply one message, by message type, all workers together.`,
    `# TYPE ${name} histogram`,
  ];
  for (const { messageType, buckets, count, sumSeconds } of histograms) {
    const type = `type="${escapeLabel(messageType)}"`;
    for (const [index, bound] of DURATION_BUCKETS.entries())
      lines.push(`${name}_bucket{le="${bound}",${type}} ${buckets[index]}`);
    lines.push(
      `${name}_bucket{le="+Inf",${type}} ${count}`,
      `${name}_sum{${type}} ${sumSeconds}`,
      `${name}_count{${type}} ${count}`
    );
  }
  return lines.join('\n');
}

const escapeLabel = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
