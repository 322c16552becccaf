import { createPrometheusMetrics, type MetricSources } from '../../server/src/metrics/prometheus';
import { DURATION_BUCKETS } from '../../server/src/metrics/cluster-stats';

const sources = (overrides: Partial<MetricSources> = {}): MetricSources => ({
  webhookAnswers: async () =>
    new Map([
      [202, 7],
      [401, 2],
    ]),
  messages: async () => [{ messageType: 'UPDATE_EVENTS', status: 'processed', count: 5 }],
  queueJobs: async () => ({ waiting: 3, active: 1, failed: 0, delayed: 0 }),
  lastFullSyncs: async () =>
    new Map([
      ['org-1', new Date(Date.now() - 90_000).toISOString()],
      ['org-2', null],
    ]),
  applyDurations: async () => [
    {
      messageType: 'UPDATE_EVENTS',
      buckets: DURATION_BUCKETS.map((_, index) => (index < 2 ? 1 : 2)),
      count: 2,
      sumSeconds: 0.4,
    },
  ],
  ...overrides,
});

describe('the Prometheus exposition', () => {
  it('writes every figure in the text format', async () => {
    const text = await createPrometheusMetrics(sources()).text();
    expect(text).toContain('# TYPE stager_webhook_answers_total counter');
    expect(text).toContain('stager_webhook_answers_total{status="202"} 7');
    expect(text).toContain('stager_messages{type="UPDATE_EVENTS",status="processed"} 5');
    expect(text).toContain('stager_queue_jobs{state="waiting"} 3');
    expect(text).toMatch(
      /stager_seconds_since_last_full_sync\{organization="org-1"\} (8\d|9\d)(\.\d+)?\n/
    );
    expect(text).not.toContain('organization="org-2"');
    expect(text).toContain('# TYPE stager_apply_duration_seconds histogram');
    expect(text).toContain(
      'stager_apply_duration_seconds_bucket{le="0.05",type="UPDATE_EVENTS"} 1'
    );
    expect(text).toContain(
      'stager_apply_duration_seconds_bucket{le="+Inf",type="UPDATE_EVENTS"} 2'
    );
    expect(text).toContain('stager_apply_duration_seconds_sum{type="UPDATE_EVENTS"} 0.4');
    expect(text).toContain('stager_redis_up 1');
  });

  it('leaves out what Redis holds while it is down, and says so', async () => {
    const down = async () => {
      throw new Error('Redis is not connected');
    };
    const text = await createPrometheusMetrics(
      sources({ webhookAnswers: down, queueJobs: down, applyDurations: down })
    ).text();
    expect(text).toContain('stager_redis_up 0');
    expect(text).not.toContain('stager_webhook_answers_total{');
    expect(text).toContain('stager_messages{type="UPDATE_EVENTS",status="processed"} 5');
  });

  it('escapes label values', async () => {
    const text = await createPrometheusMetrics(
      sources({
        applyDurations: async () => [
          {
            messageType: 'A"B\\C',
            buckets: DURATION_BUCKETS.map(() => 0),
            count: 0,
            sumSeconds: 0,
          },
        ],
      })
    ).text();
    expect(text).toContain('stager_apply_duration_seconds_count{type="A\\"B\\\\C"} 0');
  });
});
