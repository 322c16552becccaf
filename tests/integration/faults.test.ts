import { performance } from 'node:perf_hooks';
import type { Core } from '@strapi/strapi';
import { eventually, postSigned, request } from '../helpers/http';
import { INBOX_UID, settledRow } from '../helpers/inbox';
import { startPlaygroundProcess } from '../helpers/playground-process';
import { createSiteStorage, startSite, type TestSite } from '../helpers/site';
import { databaseClient } from '../helpers/databases';
import { ENTITY_UIDS } from '../../server/src/store/entity-types';
import { buildLargeSync, buildUpdateEvents, exampleEvent } from '../../scripts/samples.mjs';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startPrivateRedis } = require('../../scripts/lib/redis-server.js');

/**
 * Stager never sends a message twice: whatever breaks, a message answered 2xx must end applied,
 * and no message may be answered 2xx that could be lost.
 */
jest.setTimeout(180_000);

const settled = (site: TestSite, id: number, within = 60_000) =>
  settledRow(site.strapi, id, within);

const eventCount = async (baseUrl: string, prefix: string) => {
  const answer = await request(
    `${baseUrl}/api/stager/events?filters[stagerId][$startsWith]=${prefix}-&pagination[pageSize]=1`,
    { method: 'GET' }
  );
  return answer.json.meta.pagination.total as number;
};

/** Sends `count` messages, `parallel` at a time, each with an event of its own. */
async function sendMessages(
  site: { webhookUrl: string; token: string },
  prefix: string,
  count: number,
  parallel: number,
  onAnswer: (index: number) => void = () => undefined
) {
  const answers: Array<{ status: number; id?: number; ms: number; index: number }> = [];
  let next = 0;
  const sender = async () => {
    while (next < count) {
      const index = next++;
      const started = performance.now();
      const message = buildUpdateEvents({ events: [exampleEvent({ id: `${prefix}-${index}` })] });
      const answer = await postSigned(site.webhookUrl, message, site.token).catch(() => ({
        status: 0,
        json: null,
      }));
      answers.push({
        status: answer.status,
        id: answer.json?.data?.id,
        ms: performance.now() - started,
        index,
      });
      onAnswer(answers.length);
    }
  };
  await Promise.all(Array.from({ length: parallel }, sender));
  return answers;
}

describe('Redis killed in the middle of a burst', () => {
  let redis: { url: string; start(): Promise<void>; stop(): Promise<void> };
  let site: TestSite;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    site = await startSite({ REDIS_URL: redis.url });
  });

  afterAll(async () => {
    await site?.stop();
    await redis?.stop();
  });

  it('applies every message it accepted once Redis is back, and kept answering at once meanwhile', async () => {
    let redisDown = false;
    let restarted: Promise<void> | null = null;
    const answers = await sendMessages(site, 'burst', 200, 4, (answered) => {
      if (answered !== 50) return;
      redisDown = true;
      restarted = redis.stop().then(async () => {
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        await redis.start();
        redisDown = false;
      });
    });
    expect(redisDown).toBe(true);
    await restarted;

    expect(answers.filter((answer) => answer.status !== 202)).toEqual([]);
    const duringOutage = answers
      .slice(50)
      .map((answer) => answer.ms)
      .sort((a, b) => a - b);
    const slowest = duringOutage[duringOutage.length - 1];
    const percentile = (p: number) =>
      duringOutage[Math.ceil((p / 100) * duringOutage.length) - 1].toFixed(1);
    console.log(
      `answers while Redis was down: p50 ${percentile(50)} ms, p99 ${percentile(99)} ms, max ${slowest.toFixed(1)} ms`
    );
    // A hang detector, not a speed test: waiting on Redis would take its connect timeout (seconds).
    expect(slowest).toBeLessThan(1_000);

    // Redis came back empty: what it held when it died is queued again by the sweeper on reconnection.
    for (const { id } of answers)
      expect((await settled(site, id!, 45_000)).status).toBe('processed');
    expect(await eventCount(site.baseUrl, 'burst')).toBe(200);
  });
});

describe('the database refusing writes', () => {
  let site: TestSite;

  beforeAll(async () => {
    site = await startSite();
  });

  afterAll(async () => {
    await site?.stop();
  });

  /** Makes the database itself refuse new inbox rows, the way a full disk or a read-only replica would. */
  async function refuseInboxWrites(strapi: Core.Strapi): Promise<() => Promise<void>> {
    const db = strapi.db.connection;
    const table = strapi.db.metadata.get(INBOX_UID).tableName;
    switch (databaseClient()) {
      case 'postgres':
        await db.raw(
          `ALTER TABLE ${table} ADD CONSTRAINT stager_refuse_writes CHECK (false) NOT VALID`
        );
        return async () =>
          void (await db.raw(`ALTER TABLE ${table} DROP CONSTRAINT stager_refuse_writes`));
      case 'mysql':
        await db.raw(
          `CREATE TRIGGER stager_refuse_writes BEFORE INSERT ON ${table} FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'writes refused'`
        );
        return async () => void (await db.raw('DROP TRIGGER stager_refuse_writes'));
      default:
        await db.raw(
          `CREATE TRIGGER stager_refuse_writes BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'writes refused'); END`
        );
        return async () => void (await db.raw('DROP TRIGGER stager_refuse_writes'));
    }
  }

  it('answers 503 with a reason, never 2xx, and accepts again once the database does', async () => {
    const rowsBefore = await site.strapi.db.query(INBOX_UID).count();
    const allowWrites = await refuseInboxWrites(site.strapi);
    try {
      const answer = await postSigned(
        site.webhookUrl,
        buildUpdateEvents({ events: [exampleEvent({ id: 'refused' })] }),
        site.token
      );
      expect(answer.status).toBe(503);
      expect(answer.json.error.message).toBe(
        'message not stored: the site cannot write to its database right now'
      );
    } finally {
      await allowWrites();
    }
    expect(await site.strapi.db.query(INBOX_UID).count()).toBe(rowsBefore);

    const answer = await postSigned(
      site.webhookUrl,
      buildUpdateEvents({ events: [exampleEvent({ id: 'accepted-again' })] }),
      site.token
    );
    expect(answer.status).toBe(202);
    expect((await settled(site, answer.json.data.id)).status).toBe('processed');
  });
});

describe('shutdown during a burst', () => {
  it('loses nothing it answered 2xx: running jobs finish and the rest is applied after the restart', async () => {
    const storage = await createSiteStorage();
    // A job whose worker stopped without finishing it is taken up again once its lock lapses.
    const env = { STAGER_JOB_LOCK_MS: '3000' };
    try {
      let site = await startSite(env, { storage });
      let stopping: Promise<void> | null = null;
      const answers = await sendMessages(site, 'deploy', 100, 4, (answered) => {
        if (answered === 30) stopping = site.stop();
      });
      await stopping;
      const accepted = answers.filter((answer) => answer.status === 202);
      // Refused while stopping (503) or after (no connection): Stager has not been told "received".
      expect(
        answers
          .filter((answer) => answer.status !== 202)
          .every((answer) => [0, 503].includes(answer.status))
      ).toBe(true);
      expect(accepted.length).toBeGreaterThanOrEqual(30);

      site = await startSite(env, { storage });
      try {
        for (const { id } of accepted) expect((await settled(site, id!)).status).toBe('processed');
        const applied = await site.strapi.db.query(ENTITY_UIDS.event as never).findMany({
          where: { stagerId: { $startsWith: 'deploy-' } },
          select: ['stagerId'],
        });
        const appliedIds = new Set(applied.map((entry) => entry.stagerId as string));
        for (const { index } of accepted) expect(appliedIds.has(`deploy-${index}`)).toBe(true);
      } finally {
        await site.stop();
      }
    } finally {
      await storage.remove();
    }
  });
});

describe('the worker process killed in the middle of a large ORGANIZATION_SYNC', () => {
  const SIZE = 1_500;
  const LOCK_MS = 3_000;

  /** Everything a reader can see of the sync's events and locations, without ids and times. */
  async function publicState(strapi: Core.Strapi, prefix: string) {
    const strip = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(strip);
      if (value === null || typeof value !== 'object') return value;
      const varying = new Set([
        'id',
        'documentId',
        'createdAt',
        'updatedAt',
        'publishedAt',
        'syncSequence',
      ]);
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key]) => !varying.has(key))
          .map(([key, item]) => [key, strip(item)])
      );
    };
    const events = await strapi.db.query(ENTITY_UIDS.event as never).findMany({
      where: { stagerId: { $startsWith: `${prefix}-` } },
      orderBy: { stagerId: 'asc' },
      populate: {
        mainImage: true,
        images: true,
        videos: true,
        programItems: true,
        ticketTypes: true,
        eventGroup: true,
        location: true,
        organization: true,
      },
    });
    const componentRows: Record<string, number> = {};
    for (const uid of [
      'stager.image',
      'stager.video',
      'stager.program-item',
      'stager.ticket-type',
      'stager.event-group',
    ]) {
      componentRows[uid] = await strapi.db.query(uid as never).count();
    }
    return { events: strip(events), componentRows };
  }

  it('completes the sync after a restart, to the same state as an uninterrupted run', async () => {
    const message = buildLargeSync(SIZE, 'crash');
    const env = { STAGER_JOB_LOCK_MS: String(LOCK_MS), LOG_LEVEL: 'error' };

    const reference = await startSite(env);
    let expected;
    try {
      const answer = await postSigned(reference.webhookUrl, message, reference.token);
      expect((await settled(reference, answer.json.data.id, 120_000)).status).toBe('processed');
      expected = await publicState(reference.strapi, 'crash');
    } finally {
      await reference.stop();
    }
    expect((expected.events as unknown[]).length).toBe(SIZE);

    const storage = await createSiteStorage();
    try {
      const worker = await startPlaygroundProcess(storage, env);
      let id: number;
      try {
        const answer = await postSigned(worker.webhookUrl, message, storage.token);
        expect(answer.status).toBe(202);
        id = answer.json.data.id;
        await eventually(
          async () => (await eventCount(worker.baseUrl, 'crash')) >= SIZE / 5,
          60_000,
          'a fifth of the sync'
        );
      } finally {
        await worker.kill();
      }

      // The dead worker's hold on the job runs out; the next worker takes the job up again.
      await new Promise((resolve) => setTimeout(resolve, LOCK_MS + 500));
      const restarted = await startSite(env, { storage });
      try {
        const row = await settled(restarted, id, 120_000);
        expect(row).toMatchObject({ status: 'processed', itemsFailed: 0, attempts: 2 });
        expect(await publicState(restarted.strapi, 'crash')).toEqual(expected);
      } finally {
        await restarted.stop();
      }
    } finally {
      await storage.remove();
    }
  });
});
