import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import Redis from 'ioredis';
import type { Core } from '@strapi/strapi';
import { eventually, postSigned, request } from '../helpers/http';
import { databaseClient } from '../helpers/databases';
import { INBOX_UID } from '../helpers/inbox';
import type { Health } from '../../shared/contracts/health';
import { startPlaygroundProcess, type PlaygroundProcess } from '../helpers/playground-process';
import { createSiteStorage, startSite, type SiteStorage, type TestSite } from '../helpers/site';
import { ENTITY_UIDS } from '../../server/src/store/entity-types';
import { buildLargeSync, buildUpdateEvents, exampleEvent } from '../../scripts/samples.mjs';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startPrivateRedis } = require('../../scripts/lib/redis-server.js');

/**
 * Several Strapi processes of one site on one database and one Redis, and several sites on one
 * Redis: every message answered 202 is applied, once, in its own site, in receipt order per entity.
 */
jest.setTimeout(400_000);

const LOCK_MS = 5_000;
const WORKER_ENV = { STAGER_JOB_LOCK_MS: String(LOCK_MS), LOG_LEVEL: 'error' };

interface Sent {
  id: number;
  entity: string;
  name: string;
}

/**
 * Sends `count` UPDATE_EVENTS, `parallel` at a time (each sender pausing `pauseMs` after each),
 * spread over `urls`; message i renames entity i % entities.
 */
async function sendBurst(
  urls: string[],
  token: string,
  prefix: string,
  count: number,
  entities: number,
  {
    parallel = 8,
    pauseMs = 0,
    stop = (): boolean => false,
  }: { parallel?: number; pauseMs?: number; stop?: () => boolean } = {}
) {
  const sent: Sent[] = [];
  const refused: number[] = [];
  let next = 0;
  const sender = async () => {
    while (next < count && !stop()) {
      const index = next++;
      const entity = `${prefix}-${index % entities}`;
      const name = `${prefix} message ${index}`;
      const answer = await postSigned(
        urls[index % urls.length],
        buildUpdateEvents({ events: [exampleEvent({ id: entity, name })] }),
        token
      ).catch(() => ({ status: 0, json: null }));
      if (answer.status === 202) sent.push({ id: answer.json.data.id, entity, name });
      else refused.push(answer.status);
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  };
  await Promise.all(Array.from({ length: parallel }, sender));
  return { sent, refused };
}

/** The name each entity must end with: that of the last message received about it (highest sequence). */
function expectedNames(sent: Sent[]): Record<string, string> {
  const last = new Map<string, Sent>();
  for (const message of sent)
    if ((last.get(message.entity)?.id ?? 0) < message.id) last.set(message.entity, message);
  return sortKeys(Object.fromEntries([...last].map(([entity, message]) => [entity, message.name])));
}

async function namesOver(baseUrl: string, prefix: string): Promise<Record<string, string>> {
  const answer = await request(
    `${baseUrl}/api/stager/events?filters[stagerId][$startsWith]=${prefix}-&fields[0]=stagerId&fields[1]=name&pagination[pageSize]=100`,
    { method: 'GET' }
  );
  return sortKeys(
    Object.fromEntries(
      (answer.json.data as Array<{ stagerId: string; name: string }>).map((event) => [
        event.stagerId,
        event.name,
      ])
    )
  );
}

async function inboxRows(strapi: Core.Strapi, ids: number[]) {
  return (await strapi.db.query(INBOX_UID as never).findMany({
    where: { id: { $in: ids } },
    select: ['id', 'status', 'attempts', 'error'],
  })) as Array<{ id: number; status: string; attempts: number; error: string | null }>;
}

/** Resolves once every row of `ids` is processed; fails naming the rows that are not. */
async function allProcessed(strapi: Core.Strapi, ids: number[], withinMs: number) {
  let pending: unknown[] = [];
  try {
    return await eventually(
      async () => {
        const rows = await inboxRows(strapi, ids);
        pending = rows.filter((row) => row.status !== 'processed');
        return rows.length === ids.length && pending.length === 0 ? rows : null;
      },
      withinMs,
      `${ids.length} messages to be processed`
    );
  } catch (error) {
    throw new Error(`${String(error)}; not processed: ${JSON.stringify(pending.slice(0, 10))}`, {
      cause: error,
    });
  }
}

/** CPU time (user + system, in clock ticks) a process has used so far. */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

describe('a web-only instance and two worker processes on one database and one Redis', () => {
  let storage: SiteStorage;
  let web: TestSite;
  let workers: PlaygroundProcess[] = [];

  beforeAll(async () => {
    storage = await createSiteStorage();
    // The web-only instance boots first and creates the schema; the workers join it.
    web = await startSite({ STAGER_WORKER: 'false' }, { storage });
    workers = [
      await startPlaygroundProcess(storage, WORKER_ENV),
      await startPlaygroundProcess(storage, WORKER_ENV),
    ];
  });

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await web?.stop();
    await storage?.remove();
  });

  it("shows on the web-only instance's health that it runs no worker, and names the two workers it sees through Redis", async () => {
    const health = () => web.strapi.plugin('stager').service('health').health() as Promise<Health>;
    const names = workers.map(({ pid }) => `${hostname()}:${pid}`).sort();
    const seen = await eventually(
      async () => {
        const { worker } = await health();
        return worker.instances?.length === 2 ? worker : null;
      },
      15_000,
      'both workers to be seen through Redis'
    );
    expect(seen).toEqual({
      enabled: false,
      concurrency: expect.any(Number),
      instances: names.map((name) => ({
        name,
        concurrency: expect.any(Number),
        lastSeenAt: expect.any(String),
        thisInstance: false,
      })),
    });
  });

  it('applies a burst sent to two instances once each, the last received message of each entity winning', async () => {
    const { sent, refused } = await sendBurst(
      [web.webhookUrl, workers[0].webhookUrl],
      storage.token,
      'burst',
      200,
      20
    );
    expect(refused).toEqual([]);
    expect(sent).toHaveLength(200);

    const rows = await allProcessed(
      web.strapi,
      sent.map((message) => message.id),
      180_000
    );
    if (databaseClient() === 'sqlite') {
      // Processes share SQLite's single write lock, and better-sqlite3 waits for it synchronously,
      // blocking the worker's process: its hold on a job (5 s here) can lapse, or the attempt fail
      // as busy; the job then runs again, which the receipt-order guard makes safe. The names
      // below show the outcome is still the last received message of each entity.
      expect(rows.filter((row) => row.attempts > 5)).toEqual([]);
    } else {
      // One attempt each: no message was applied twice, none failed first.
      expect(rows.filter((row) => row.attempts !== 1)).toEqual([]);
    }
    expect(await namesOver(web.baseUrl, 'burst')).toEqual(expectedNames(sent));
  });

  it('completes a large ORGANIZATION_SYNC whose worker is killed with SIGKILL half-way, on the other worker', async () => {
    const SIZE = 3_000;
    const answer = await postSigned(web.webhookUrl, buildLargeSync(SIZE, 'killed'), storage.token);
    expect(answer.status).toBe(202);
    const id = answer.json.data.id as number;

    await eventually(
      async () => {
        const [row] = (await web.strapi.db
          .query(INBOX_UID as never)
          .findMany({ where: { id }, select: ['status', 'itemsProcessed'] })) as Array<{
          status: string;
          itemsProcessed: number;
        }>;
        return row.status === 'processing' && row.itemsProcessed >= SIZE / 10;
      },
      120_000,
      'a tenth of the sync applied'
    );
    // The worker applying the sync is the one using the CPU.
    const before = workers.map((worker) => cpuTicks(worker.pid));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const used = workers.map((worker, index) => cpuTicks(worker.pid) - before[index]);
    const holder = used[0] >= used[1] ? 0 : 1;
    await workers[holder].kill();
    const survivor = workers[1 - holder];
    workers = [survivor];

    const [row] = await allProcessed(web.strapi, [id], 180_000);
    // Taken up again once, by the surviving worker, after the killed one's lock ran out.
    expect(row.attempts).toBe(2);
    const events = (await web.strapi.db.query(ENTITY_UIDS.event as never).findMany({
      where: { stagerId: { $startsWith: 'killed-' }, removedAt: { $null: true } },
      select: ['stagerId', 'name', 'syncSequence'],
    })) as Array<{ stagerId: string; name: string; syncSequence: number | string }>;
    expect(events).toHaveLength(SIZE);
    expect(
      events.every((event) => event.name === `Event ${event.stagerId.slice('killed-'.length)}`)
    ).toBe(true);
    expect(new Set(events.map((event) => Number(event.syncSequence)))).toEqual(new Set([id]));

    // The cluster still applies what arrives afterwards, on the surviving worker.
    const after = await sendBurst(
      [web.webhookUrl, survivor.webhookUrl],
      storage.token,
      'after',
      20,
      5
    );
    await allProcessed(
      web.strapi,
      after.sent.map((message) => message.id),
      60_000
    );
    expect(await namesOver(web.baseUrl, 'after')).toEqual(expectedNames(after.sent));
  });
});

describe('two sites on one Redis with the default settings', () => {
  let redis: { url: string; stop(): Promise<void> };
  const storages: SiteStorage[] = [];
  const sites: PlaygroundProcess[] = [];

  beforeAll(async () => {
    // A Redis of the test's own, so that the default prefix meets no other run's keys.
    redis = await startPrivateRedis();
    for (let i = 0; i < 2; i += 1) {
      const storage = await createSiteStorage();
      delete storage.env.STAGER_QUEUE_PREFIX;
      storages.push(storage);
      sites.push(
        await startPlaygroundProcess(storage, { REDIS_URL: redis.url, LOG_LEVEL: 'error' })
      );
    }
  });

  afterAll(async () => {
    for (const site of sites) await site.stop();
    for (const storage of storages) await storage.remove();
    await redis?.stop();
  });

  it('applies every message in its own site within seconds', async () => {
    const bursts = await Promise.all(
      sites.map((site, index) =>
        sendBurst([site.webhookUrl], storages[index].token, `site${index}`, 30, 30, { parallel: 4 })
      )
    );
    for (const { sent, refused } of bursts) {
      expect(refused).toEqual([]);
      expect(sent).toHaveLength(30);
    }
    for (const [index, site] of sites.entries()) {
      const expected = expectedNames(bursts[index].sent);
      await eventually(
        async () =>
          JSON.stringify(await namesOver(site.baseUrl, `site${index}`)) ===
          JSON.stringify(expected),
        20_000,
        `site ${index}'s 30 events`
      );
      // Nothing of the other site's.
      expect(await namesOver(site.baseUrl, `site${1 - index}`)).toEqual({});
    }
  });
});

describe('Redis killed and restarted many times while two workers hold jobs', () => {
  const OUTAGES = 6;
  let redis: { url: string; start(): Promise<void>; stop(): Promise<void> };
  let storage: SiteStorage;
  let web: TestSite;
  const workers: PlaygroundProcess[] = [];

  beforeAll(async () => {
    redis = await startPrivateRedis();
    storage = await createSiteStorage();
    web = await startSite({ STAGER_WORKER: 'false', REDIS_URL: redis.url }, { storage });
    for (let i = 0; i < 2; i += 1)
      workers.push(await startPlaygroundProcess(storage, { ...WORKER_ENV, REDIS_URL: redis.url }));
  });

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await web?.stop();
    await storage?.remove();
    await redis?.stop();
  });

  /** Jobs the workers hold at this moment, as Bull's active lists in Redis say. */
  async function activeJobs(): Promise<number> {
    const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await client.connect();
      const lists = await client.keys('*:active');
      let count = 0;
      for (const list of lists) count += await client.llen(list);
      return count;
    } catch {
      return 0;
    } finally {
      client.disconnect();
    }
  }

  it('leaves no message queued or processing: every one is applied', async () => {
    // Messages keep coming (up to 600), and the workers work through them, while Redis is killed
    // again and again, each time as soon as a worker holds a job (or after 3 s).
    let outagesDone = false;
    let killsWhileHeld = 0;
    const outages = (async () => {
      for (let outage = 0; outage < OUTAGES; outage += 1) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const until = Date.now() + 3_000;
        let held = 0;
        while (Date.now() < until && (held = await activeJobs()) === 0)
          await new Promise((resolve) => setTimeout(resolve, 10));
        if (held > 0) killsWhileHeld += 1;
        await redis.stop();
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        await redis.start();
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      outagesDone = true;
    })();
    const { sent, refused } = await sendBurst(
      [web.webhookUrl, ...workers.map((worker) => worker.webhookUrl)],
      storage.token,
      'outage',
      600,
      40,
      { parallel: 4, pauseMs: 50, stop: () => outagesDone }
    );
    await outages;
    expect(killsWhileHeld).toBeGreaterThanOrEqual(OUTAGES / 2);
    expect(sent.length).toBeGreaterThan(30);
    expect(refused).toEqual([]);
    await allProcessed(
      web.strapi,
      sent.map((message) => message.id),
      300_000
    );
    expect(await namesOver(web.baseUrl, 'outage')).toEqual(expectedNames(sent));
  });
});

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
