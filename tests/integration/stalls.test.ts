import Bull from 'bull';
import Redis from 'ioredis';
import { adminSession, type AdminSession } from '../helpers/admin';
import { eventually, postSigned } from '../helpers/http';
import { INBOX_UID, rowWithStatus, settledRow } from '../helpers/inbox';
import { createSiteStorage, startSite, type SiteStorage, type TestSite } from '../helpers/site';
import { LEGACY_QUEUE_NAME, queueNameOf } from '../../server/src/queue/message-queue';
import { loadSiteIdentity } from '../../server/src/queue/site-identity';
import { getService } from '../../server/src/services/get-service';
import { buildUpdateEvents, exampleEvent } from '../../scripts/samples.mjs';

/** No message may stall, whatever Redis holds or loses. */
jest.setTimeout(120_000);

const redisUrl = () => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefixOf = (storage: SiteStorage) => storage.env.STAGER_QUEUE_PREFIX;
const message = (id: string) => buildUpdateEvents({ events: [exampleEvent({ id })] });

describe('jobs that Redis left broken, and messages stuck in the inbox', () => {
  let site: TestSite;
  let admin: AdminSession;
  let redis: Redis;

  beforeAll(async () => {
    site = await startSite({ STAGER_JOB_LOCK_MS: '2000' });
    admin = await adminSession(site.strapi, site.baseUrl, 'super-admin');
    redis = new Redis(redisUrl());
  });

  afterAll(async () => {
    redis?.disconnect();
    await site?.stop();
  });

  it('refuses a job without an inbox id, writing no failure, and applies the next one', async () => {
    const siteId = await loadSiteIdentity(site.strapi);
    const queue = new Bull(queueNameOf(siteId), redisUrl(), { prefix: prefixOf(site.storage) });
    try {
      const rowsBefore = await site.strapi.db.query(INBOX_UID as never).count();
      const job = await queue.add({}, { jobId: '999999:0' });
      const answer = await postSigned(site.webhookUrl, message('after-broken-job'), site.token);
      expect((await settledRow(site.strapi, answer.json.data.id)).status).toBe('processed');
      // Taken and refused: finished without a failure, and nothing written to the inbox.
      const refused = await queue.getJob(job.id);
      expect(await refused?.getState()).toBe('completed');
      expect(refused?.failedReason).toBeUndefined();
      expect(await queue.getFailedCount()).toBe(0);
      expect(await site.strapi.db.query(INBOX_UID as never).count()).toBe(rowsBefore + 1);
    } finally {
      await queue.close();
    }
  });

  it('does not count a job left in no list, or without its data, and queues its message again', async () => {
    const siteId = await loadSiteIdentity(site.strapi);
    const queue = getService(site.strapi, 'runtime').queue()!;
    const answer = await postSigned(site.webhookUrl, message('half-written'), site.token);
    const id = answer.json.data.id as number;
    await settledRow(site.strapi, id);
    // What a Redis killed in the middle of a command leaves: the job's hash, partly, in no list.
    const jobKey = `${prefixOf(site.storage)}:${queueNameOf(siteId)}:${id}:0`;
    await redis.hset(jobKey, 'attemptsMade', '1', 'failedReason', 'Undefined binding(s) detected');
    expect(await queue.hasLiveJob(id, 0)).toBe(false);
    // Counted lost, the broken hash is removed, so queuing the row makes a real job again.
    expect(await redis.exists(jobKey)).toBe(0);
  });

  it('replays from the admin a message stuck in queued or processing beyond the job lock, and no sooner', async () => {
    const answer = await postSigned(site.webhookUrl, message('stuck'), site.token);
    const id = answer.json.data.id as number;
    await settledRow(site.strapi, id);
    const inbox = site.strapi.db.connection(site.strapi.db.metadata.get(INBOX_UID).tableName);

    for (const status of ['queued', 'processing']) {
      await inbox.where({ id }).update({ status, updated_at: new Date() });
      const early = await admin.call('POST', `/stager/messages/${id}/replay`, {});
      expect(early.status).toBe(400);
      expect(early.json.error.message).toMatch(
        /is (queued|processing); .*not moved for longer than the job lock/
      );
      expect((await admin.call('GET', `/stager/messages/${id}`)).json.data.replayable).toBe(false);

      await inbox.where({ id }).update({ updated_at: new Date(Date.now() - 5_000) });
      expect((await admin.call('GET', `/stager/messages/${id}`)).json.data.replayable).toBe(true);
      const replayed = await admin.call('POST', `/stager/messages/${id}/replay`, {});
      expect(replayed.status).toBe(200);
      const row = await settledRow(site.strapi, id);
      expect(row).toMatchObject({ status: 'processed', replays: replayed.json.data.replays });
    }
  });
});

describe('upgrading from the queue all sites shared', () => {
  it('applies the messages an earlier version had queued', async () => {
    const storage = await createSiteStorage();
    try {
      // The earlier version accepted messages and queued them in `<prefix>:messages`, then stopped.
      let site = await startSite({ STAGER_WORKER: 'false' }, { storage });
      const ids: number[] = [];
      for (const index of [1, 2, 3])
        ids.push(
          (await postSigned(site.webhookUrl, message(`upgrade-${index}`), site.token)).json.data.id
        );
      for (const id of ids)
        await eventually(
          () => rowWithStatus(site.strapi, id, ['queued']),
          10_000,
          `row ${id} queued`
        );
      await site.stop();
      const redis = new Redis(redisUrl());
      const legacy = new Bull(LEGACY_QUEUE_NAME, redisUrl(), { prefix: prefixOf(storage) });
      try {
        for (const key of await redis.keys(`${prefixOf(storage)}:messages-*`)) await redis.del(key);
        for (const id of ids) await legacy.add({ inboxId: id }, { jobId: `${id}:0` });
      } finally {
        await legacy.close();
        redis.disconnect();
      }

      site = await startSite({}, { storage });
      try {
        for (const id of ids)
          expect((await settledRow(site.strapi, id, 30_000)).status).toBe('processed');
      } finally {
        await site.stop();
      }
    } finally {
      await storage.remove();
    }
  });
});
