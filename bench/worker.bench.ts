import { performance } from 'node:perf_hooks';
import { eventually, postSigned, request } from '../tests/helpers/http';
import { INBOX_UID, rowWithStatus } from '../tests/helpers/inbox';
import { startSite, type TestSite } from '../tests/helpers/site';
import { buildUpdateEvents, exampleEvent } from '../scripts/samples.mjs';
import { writeResults } from './results.mjs';

/**
 * The worker at its default playground settings: how long one event takes from the POST to the
 * public REST API, and how many small UPDATE_EVENTS messages it applies per second in a stream.
 */
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 50);
const STREAM_MESSAGES = Number(process.env.BENCH_STREAM_MESSAGES ?? 500);
const WARM_UP = Math.min(5, Math.max(1, Math.ceil(LATENCY_SAMPLES / 10)));
const SENDERS = 10;
const STREAM_EVENTS = 50;
const database = process.env.TEST_DATABASE ?? 'sqlite';

let site: TestSite;

beforeAll(async () => {
  site = await startSite({ LOG_LEVEL: 'error' });
});

const rows: Array<Record<string, unknown>> = [];

afterAll(async () => {
  await site?.stop();
  if (rows.length === 0) return;
  console.table(rows);
  writeResults(`worker-${database}`, { rows });
});

async function send(message: unknown): Promise<number> {
  const answer = await postSigned(site.webhookUrl, message, site.token);
  expect(answer.status).toBe(202);
  return answer.json.data.id as number;
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
const round = (ms: number) => Math.round(ms * 10) / 10;

it('shows one event in REST soon after its POST', async () => {
  const stagerId = 'bench-latency';
  const restUrl = `${site.baseUrl}/api/stager/events?filters[stagerId][$eq]=${stagerId}&fields[0]=name`;
  const timings: number[] = [];
  for (let sample = 0; sample < WARM_UP + LATENCY_SAMPLES; sample += 1) {
    const name = `Nachtcollege, sample ${sample} (${Date.now()})`;
    const message = buildUpdateEvents({ events: [exampleEvent({ id: stagerId, name })] });
    const startedAt = performance.now();
    const id = await send(message);
    // Back-to-back reads, as an impatient front end would make them.
    for (;;) {
      const answer = await request(restUrl, { method: 'GET' });
      if (answer.json?.data?.[0]?.name === name) break;
    }
    const elapsed = performance.now() - startedAt;
    if (sample >= WARM_UP) timings.push(elapsed);
    // The row is finished just after the write shows; the next sample starts from an idle worker.
    const row = await eventually(() => rowWithStatus(site.strapi, id, ['processed', 'failed']), 30_000, `inbox row ${id}`);
    expect(row).toMatchObject({ status: 'processed', itemsFailed: 0 });
  }
  const sorted = [...timings].sort((a, b) => a - b);
  rows.push({
    database,
    measure: 'POST → REST, one event',
    samples: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1]),
  });
});

it('applies a stream of small UPDATE_EVENTS', async () => {
  const messages = Array.from({ length: STREAM_MESSAGES }, (_, i) =>
    Buffer.from(JSON.stringify(buildUpdateEvents({ events: [exampleEvent({ id: `bench-stream-${i % STREAM_EVENTS}`, name: `Stream message ${i}` })] })))
  );
  const ids: number[] = [];
  let next = 0;
  const sender = async () => {
    while (next < messages.length) ids.push(await send(messages[next++]));
  };

  const startedAt = performance.now();
  await Promise.all(Array.from({ length: SENDERS }, sender));
  const ingestedAt = performance.now();

  // One small count per poll: on SQLite every query waits for the worker's single connection.
  const inbox = site.strapi.db.query(INBOX_UID as never);
  const count = (where: object) => inbox.count({ where: { id: { $in: ids }, ...where } });
  while ((await count({ status: { $notIn: ['processed', 'failed'] } })) > 0) {
    if (performance.now() - startedAt > 600_000) throw new Error('the stream was not applied within 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const appliedAt = performance.now();

  expect(ids).toHaveLength(STREAM_MESSAGES);
  expect(await count({ status: 'processed' })).toBe(STREAM_MESSAGES);
  expect(await count({ itemsFailed: { $gt: 0 } })).toBe(0);
  rows.push({
    database,
    measure: `stream, ${SENDERS} senders`,
    messages: STREAM_MESSAGES,
    ingestedPerSec: Math.round(STREAM_MESSAGES / ((ingestedAt - startedAt) / 1000)),
    appliedPerSec: Math.round(STREAM_MESSAGES / ((appliedAt - startedAt) / 1000)),
  });
});
