import { performance } from 'node:perf_hooks';
import { eventually, postSigned, request } from '../tests/helpers/http';
import { adminSession } from '../tests/helpers/admin';
import { INBOX_UID, rowWithStatus } from '../tests/helpers/inbox';
import { startSite, type TestSite } from '../tests/helpers/site';
import { buildUpdateEvents, exampleEvent } from '../scripts/samples.mjs';
import { writeResults } from './results.mjs';

/**
 * The worker at its default playground settings: how long a new and a changed event take from the
 * POST to the public REST API, and how many one-event UPDATE_EVENTS to existing events it applies
 * per second: from a backlog (sent while processing is paused, then resumed: the worker's own
 * rate), and while they are sent (bounded by the webhook's answers, which this process's senders
 * share a core with); with the webhook's answers per second during the stream and alone.
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
const percentile = (sorted: number[], p: number) =>
  sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
const round = (ms: number) => Math.round(ms * 10) / 10;

/** Times each sample from its POST until REST shows it, then waits for the worker to be idle again. */
async function measureLatency(
  measure: string,
  eventOfSample: (sample: number, name: string) => ReturnType<typeof exampleEvent>
) {
  const timings: number[] = [];
  for (let sample = 0; sample < WARM_UP + LATENCY_SAMPLES; sample += 1) {
    const name = `Nachtcollege, sample ${sample} (${Date.now()})`;
    const event = eventOfSample(sample, name);
    const restUrl = `${site.baseUrl}/api/stager/events?filters[stagerId][$eq]=${event.id}&fields[0]=name`;
    const startedAt = performance.now();
    const id = await send(buildUpdateEvents({ events: [event] }));
    // Back-to-back reads, as an impatient front end would make them.
    for (;;) {
      const answer = await request(restUrl, { method: 'GET' });
      if (answer.json?.data?.[0]?.name === name) break;
    }
    const elapsed = performance.now() - startedAt;
    if (sample >= WARM_UP) timings.push(elapsed);
    // The row is finished just after the write shows; the next sample starts from an idle worker.
    const row = await eventually(
      () => rowWithStatus(site.strapi, id, ['processed', 'failed']),
      30_000,
      `inbox row ${id}`
    );
    expect(row).toMatchObject({ status: 'processed', itemsFailed: 0 });
  }
  const sorted = [...timings].sort((a, b) => a - b);
  rows.push({
    database,
    measure,
    samples: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1]),
  });
}

it('shows a new event in REST soon after its POST', async () => {
  await measureLatency('POST → REST, new event', (sample, name) =>
    exampleEvent({ id: `bench-latency-new-${sample}`, name })
  );
});

it('shows a change to an existing event in REST soon after its POST', async () => {
  await measureLatency('POST → REST, changed event', (_sample, name) =>
    exampleEvent({ id: 'bench-latency-changed', name })
  );
});

/** Sends the messages from `SENDERS` senders at once; resolves with their inbox ids and messages answered per second. */
async function sendAll(messages: Buffer[]) {
  const ids: number[] = [];
  let next = 0;
  const sender = async () => {
    while (next < messages.length) ids.push(await send(messages[next++]));
  };
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: SENDERS }, sender));
  return {
    ids,
    startedAt,
    answeredPerSec: Math.round(messages.length / ((performance.now() - startedAt) / 1000)),
  };
}

/** Resolves once every row is finished, checking that each was applied whole. */
async function untilApplied(ids: number[], startedAt: number) {
  // One small count per poll: on SQLite every query waits for the worker's single connection.
  const inbox = site.strapi.db.query(INBOX_UID as never);
  const count = (where: object) => inbox.count({ where: { id: { $in: ids }, ...where } });
  while ((await count({ status: { $notIn: ['processed', 'failed'] } })) > 0) {
    if (performance.now() - startedAt > 600_000)
      throw new Error('the stream was not applied within 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const appliedAt = performance.now();
  expect(await count({ status: 'processed' })).toBe(ids.length);
  expect(await count({ itemsFailed: { $gt: 0 } })).toBe(0);
  return appliedAt;
}

it('applies a stream of one-event UPDATE_EVENTS to existing events, and answers the webhook meanwhile', async () => {
  const eventIds = Array.from({ length: STREAM_EVENTS }, (_, i) => `bench-stream-${i}`);
  const created = await send(
    buildUpdateEvents({ events: eventIds.map((id) => exampleEvent({ id })) })
  );
  await eventually(
    () => rowWithStatus(site.strapi, created, ['processed']),
    60_000,
    'the stream’s events'
  );
  const stream = (round: string) =>
    Array.from({ length: STREAM_MESSAGES }, (_, i) =>
      Buffer.from(
        JSON.stringify(
          buildUpdateEvents({
            events: [
              exampleEvent({
                id: eventIds[i % STREAM_EVENTS],
                name: `Stream ${round}, message ${i}`,
              }),
            ],
          })
        )
      )
    );

  // The webhook alone: processing paused, the messages wait in the inbox.
  const admin = await adminSession(site.strapi, site.baseUrl, 'super-admin');
  expect((await admin.call('PUT', '/stager/settings', { processingPaused: true })).status).toBe(
    200
  );
  const alone = await sendAll(stream('alone'));
  const resumedAt = performance.now();
  expect((await admin.call('PUT', '/stager/settings', { processingPaused: false })).status).toBe(
    200
  );
  const backlogAppliedAt = await untilApplied(alone.ids, resumedAt);

  // The webhook while the worker applies what it answers.
  const during = await sendAll(stream('during'));
  const appliedAt = await untilApplied(during.ids, during.startedAt);
  rows.push({
    database,
    measure: `update stream, ${SENDERS} senders`,
    messages: STREAM_MESSAGES,
    answeredAlonePerSec: alone.answeredPerSec,
    answeredDuringPerSec: during.answeredPerSec,
    appliedPerSec: Math.round(STREAM_MESSAGES / ((appliedAt - during.startedAt) / 1000)),
    backlogAppliedPerSec: Math.round(STREAM_MESSAGES / ((backlogAppliedAt - resumedAt) / 1000)),
  });
});
