import { performance } from 'node:perf_hooks';
import { INBOX_UID } from '../tests/helpers/inbox';
import {
  startPlaygroundProcess,
  type PlaygroundProcess,
} from '../tests/helpers/playground-process';
import {
  createSiteStorage,
  startSite,
  type SiteStorage,
  type TestSite,
} from '../tests/helpers/site';
import { buildLargeSync, buildUpdateEvents, exampleEvent } from '../scripts/samples.mjs';
import { writeResults } from './results.mjs';
import { sendSigned } from './send-signed';

/**
 * Messages applied per second by one worker instance and by two (each a Strapi process at the
 * playground's default concurrency), on one PostgreSQL database, with a web-only instance taking the
 * webhooks: a stream of small UPDATE_EVENTS, and ORGANIZATION_SYNCs of several organisations at once.
 * scripts/bench.mjs runs it with TEST_DATABASE=postgres.
 */
const STREAM_MESSAGES = Number(process.env.BENCH_STREAM_MESSAGES ?? 500);
const SYNC_EVENTS = Number(process.env.BENCH_CLUSTER_SYNC_EVENTS ?? 500);
const SYNC_ORGANIZATIONS = 4;
const STREAM_EVENTS = 50;

const rows: Array<Record<string, unknown>> = [];

afterAll(() => {
  if (rows.length === 0) return;
  console.table(rows);
  writeResults('cluster-postgres', { rows });
});

async function untilApplied(site: TestSite, ids: number[], startedAt: number): Promise<number> {
  const inbox = site.strapi.db.query(INBOX_UID as never);
  while (
    (await inbox.count({
      where: { id: { $in: ids }, status: { $notIn: ['processed', 'failed'] } },
    })) > 0
  ) {
    if (performance.now() - startedAt > 900_000) throw new Error('not applied within 15 minutes');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const appliedAt = performance.now();
  expect(
    await inbox.count({ where: { id: { $in: ids }, status: 'processed', itemsFailed: 0 } })
  ).toBe(ids.length);
  return appliedAt;
}

describe.each([1, 2])('%i worker instance(s)', (workerCount) => {
  let storage: SiteStorage;
  let web: TestSite;
  const workers: PlaygroundProcess[] = [];

  beforeAll(async () => {
    storage = await createSiteStorage();
    web = await startSite({ STAGER_WORKER: 'false', LOG_LEVEL: 'error' }, { storage });
    for (let i = 0; i < workerCount; i += 1)
      workers.push(await startPlaygroundProcess(storage, { LOG_LEVEL: 'error' }));
  });

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await web?.stop();
    await storage?.remove();
  });

  it('applies a stream of small UPDATE_EVENTS', async () => {
    // The events exist first: the stream measures changes to existing events, the common case.
    const setup = Array.from({ length: STREAM_EVENTS }, (_, i) =>
      Buffer.from(
        JSON.stringify(buildUpdateEvents({ events: [exampleEvent({ id: `stream-${i}` })] }))
      )
    );
    await untilApplied(web, await sendSigned(web, setup), performance.now());

    const messages = Array.from({ length: STREAM_MESSAGES }, (_, i) =>
      Buffer.from(
        JSON.stringify(
          buildUpdateEvents({
            events: [
              exampleEvent({ id: `stream-${i % STREAM_EVENTS}`, name: `Stream message ${i}` }),
            ],
          })
        )
      )
    );
    const startedAt = performance.now();
    const ids = await sendSigned(web, messages);
    const appliedAt = await untilApplied(web, ids, startedAt);
    rows.push({
      workers: workerCount,
      measure: `stream of ${STREAM_MESSAGES} UPDATE_EVENTS`,
      appliedPerSec: +(STREAM_MESSAGES / ((appliedAt - startedAt) / 1000)).toFixed(1),
    });
  });

  it(`applies ${SYNC_ORGANIZATIONS} ORGANIZATION_SYNCs at once`, async () => {
    const messages = Array.from({ length: SYNC_ORGANIZATIONS }, (_, i) =>
      Buffer.from(JSON.stringify(buildLargeSync(SYNC_EVENTS, `org${i}`)))
    );
    const startedAt = performance.now();
    const ids = await sendSigned(web, messages);
    const appliedAt = await untilApplied(web, ids, startedAt);
    const seconds = (appliedAt - startedAt) / 1000;
    rows.push({
      workers: workerCount,
      measure: `${SYNC_ORGANIZATIONS} syncs of ${SYNC_EVENTS} events`,
      appliedPerSec: +(SYNC_ORGANIZATIONS / seconds).toFixed(2),
      eventsPerSec: Math.round((SYNC_ORGANIZATIONS * SYNC_EVENTS) / seconds),
    });
  });
});
