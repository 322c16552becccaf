import { performance } from 'node:perf_hooks';
import { eventually, postSigned, request } from '../helpers/http';
import { inboxRow, rowWithStatus } from '../helpers/inbox';
import { startSite, type TestSite } from '../helpers/site';
import { buildUpdateEvents, exampleEvent } from '../../scripts/samples.mjs';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startPrivateRedis } = require('../../scripts/lib/redis-server.js');

interface PrivateRedis {
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

let redis: PrivateRedis;
let site: TestSite | null = null;

beforeAll(async () => {
  redis = await startPrivateRedis();
  await redis.stop();
});

afterAll(async () => {
  await site?.stop();
  await redis?.stop();
});

/** Sends `count` signed messages, each with its own event, and returns their inbox ids. */
async function sendBurst(prefix: string, count: number) {
  const ids: number[] = [];
  const slowest = { ms: 0 };
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    const answer = await postSigned(
      site!.webhookUrl,
      buildUpdateEvents({ events: [exampleEvent({ id: `${prefix}-${i}` })] }),
      site!.token
    );
    slowest.ms = Math.max(slowest.ms, performance.now() - started);
    expect(answer.status).toBe(202);
    ids.push(answer.json.data.id);
  }
  return { ids, slowestMs: slowest.ms };
}

const allProcessed = (ids: number[]) =>
  eventually(
    async () =>
      (await Promise.all(ids.map((id) => rowWithStatus(site!.strapi, id, ['processed'])))).every(
        Boolean
      ),
    20_000,
    `messages ${ids.join(', ')} to be processed`
  );

const eventCount = async (prefix: string) => {
  const answer = await request(
    `${site!.baseUrl}/api/stager/events?filters[stagerId][$startsWith]=${prefix}-&pagination[pageSize]=100`,
    {
      method: 'GET',
    }
  );
  return answer.json.meta.pagination.total as number;
};

it('boots and serves while Redis is down', async () => {
  site = await startSite({ REDIS_URL: redis.url });
  const answer = await request(`${site.baseUrl}/api/stager/events`, { method: 'GET' });
  expect(answer.status).toBe(200);
});

it('accepts messages while Redis is down without hanging, and applies them once it is back', async () => {
  const { ids, slowestMs } = await sendBurst('outage-a', 10);
  // Answers come from the inbox alone: a slow answer would mean the webhook waited on Redis.
  expect(slowestMs).toBeLessThan(1_000);
  for (const id of ids) expect((await inboxRow(site!.strapi, id))!.status).toBe('received');

  await redis.start();
  await allProcessed(ids);
  expect(await eventCount('outage-a')).toBe(10);
});

it('survives Redis going away again while running', async () => {
  await redis.stop();
  const { ids, slowestMs } = await sendBurst('outage-b', 10);
  expect(slowestMs).toBeLessThan(1_000);

  await redis.start();
  await allProcessed(ids);
  expect(await eventCount('outage-b')).toBe(10);
});

it('processes new messages normally after the outages', async () => {
  const { ids } = await sendBurst('outage-c', 3);
  await allProcessed(ids);
  expect(await eventCount('outage-c')).toBe(3);
});

it('shuts down while Redis is down without waiting for it', async () => {
  await redis.stop();
  await site!.stop();
  site = null;
});
