import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminSession, type AdminSession } from '../helpers/admin';
import { eventually, postSigned, request } from '../helpers/http';
import { INBOX_UID, settledRow, type LooseRow } from '../helpers/inbox';
import { startPlaygroundProcess, type PlaygroundProcess } from '../helpers/playground-process';
import { createSiteStorage, startSite, type SiteStorage, type TestSite } from '../helpers/site';
import { buildUpdateEvents, exampleEvent, organization } from '../../scripts/samples.mjs';
import { getService } from '../../server/src/services/get-service';
import type { Health } from '../../shared/contracts/health';

jest.setTimeout(180_000);

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

/** Each metric line of an exposition as `name{labels}` → value. */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

const scrape = (baseUrl: string, authorization?: string) =>
  request(`${baseUrl}/api/stager/metrics`, {
    method: 'GET',
    headers: authorization ? { authorization } : {},
  });

describe("two instances of one site: the figures are the cluster's", () => {
  let storage: SiteStorage;
  let first: TestSite;
  let second: PlaygroundProcess;
  let admin: AdminSession;

  beforeAll(async () => {
    storage = await createSiteStorage();
    // The first instance only answers; the second applies every message.
    first = await startSite(
      { STAGER_METRICS_TOKEN: METRICS_TOKEN, STAGER_WORKER: 'false' },
      { storage }
    );
    second = await startPlaygroundProcess(storage, {
      STAGER_METRICS_TOKEN: METRICS_TOKEN,
      LOG_LEVEL: 'error',
    });
    admin = await adminSession(first.strapi, first.baseUrl, 'super-admin');
  });

  afterAll(async () => {
    await second?.stop();
    await first?.stop();
    await storage?.remove();
  });

  it('answers the metrics only with the bearer token, and 404 when none is set', async () => {
    for (const baseUrl of [first.baseUrl, second.baseUrl]) {
      expect((await scrape(baseUrl)).status).toBe(401);
      const wrong = await scrape(baseUrl, `Bearer ${METRICS_TOKEN}x`);
      expect(wrong.status).toBe(401);
      expect(wrong.text).not.toContain(METRICS_TOKEN);
      expect((await scrape(baseUrl, `Basic ${METRICS_TOKEN}`)).status).toBe(401);
      const right = await scrape(baseUrl, `Bearer ${METRICS_TOKEN}`);
      expect(right.status).toBe(200);
      expect(right.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    }
    first.setOption('metricsToken', '');
    try {
      const off = await scrape(first.baseUrl, `Bearer ${METRICS_TOKEN}`);
      expect(off.status).toBe(404);
    } finally {
      first.setOption('metricsToken', METRICS_TOKEN);
    }
  });

  it('shows the same answers, refusals, messages, queue, syncs and durations whichever instance is asked', async () => {
    const ids: number[] = [];
    for (const [index, site] of [first, second, first, second, first].entries()) {
      const answer = await postSigned(
        site.webhookUrl,
        buildUpdateEvents({ events: [exampleEvent({ id: `figures-${index}` })] }),
        storage.token
      );
      expect(answer.status).toBe(202);
      ids.push(answer.json.data.id);
    }
    const sync = {
      messageType: 'ORGANIZATION_SYNC',
      messageContent: {
        organization: { ...organization(), id: 'figures-org' },
        locations: [],
        events: [],
      },
    };
    const syncAnswer = await postSigned(second.webhookUrl, sync, storage.token);
    expect(syncAnswer.status).toBe(202);
    ids.push(syncAnswer.json.data.id);
    expect((await postSigned(second.webhookUrl, buildUpdateEvents(), 'not-the-token')).status).toBe(
      401
    );
    expect((await postSigned(second.webhookUrl, buildUpdateEvents(), 'not-the-token')).status).toBe(
      401
    );
    expect((await request(first.webhookUrl, { method: 'GET' })).status).toBe(405);
    for (const id of ids)
      expect((await settledRow(first.strapi, id, 30_000)).status).toBe('processed');

    const figures = async (baseUrl: string) =>
      parseExposition((await scrape(baseUrl, `Bearer ${METRICS_TOKEN}`)).text);
    const wanted = {
      'stager_webhook_answers_total{status="202"}': 6,
      'stager_webhook_answers_total{status="401"}': 2,
      'stager_webhook_answers_total{status="405"}': 1,
      'stager_messages{type="UPDATE_EVENTS",status="processed"}': 5,
      'stager_messages{type="ORGANIZATION_SYNC",status="processed"}': 1,
      'stager_queue_jobs{state="waiting"}': 0,
      'stager_apply_duration_seconds_count{type="UPDATE_EVENTS"}': 5,
      'stager_apply_duration_seconds_bucket{le="+Inf",type="UPDATE_EVENTS"}': 5,
      'stager_apply_duration_seconds_count{type="ORGANIZATION_SYNC"}': 1,
      stager_redis_up: 1,
    };
    for (const baseUrl of [first.baseUrl, second.baseUrl]) {
      const samples = await eventually(
        async () => {
          const current = await figures(baseUrl);
          return Object.entries(wanted).every(([name, value]) => current.get(name) === value)
            ? current
            : null;
        },
        10_000,
        `the cluster's figures from ${baseUrl}`
      ).catch(async (error) => {
        throw new Error(
          `${String(error)}\n${(await scrape(baseUrl, `Bearer ${METRICS_TOKEN}`)).text}`
        );
      });
      const sinceSync = samples.get(
        'stager_seconds_since_last_full_sync{organization="figures-org"}'
      );
      expect(sinceSync).toBeGreaterThanOrEqual(0);
      expect(sinceSync).toBeLessThan(600);
    }

    // The admin panel's health page, served by either instance.
    const healthFrom = async (baseUrl: string) => {
      const answer = await request(`${baseUrl}/stager/health`, {
        method: 'GET',
        headers: { authorization: `Bearer ${admin.jwt}` },
      });
      expect(answer.status).toBe(200);
      return answer.json.data as Health;
    };
    const [fromFirst, fromSecond] = [
      await healthFrom(first.baseUrl),
      await healthFrom(second.baseUrl),
    ];
    const counts = (health: Health) =>
      health.rejections.map(({ status, count }: { status: number; count: number }) => ({
        status,
        count,
      }));
    expect(counts(fromFirst)).toEqual([
      { status: 401, count: 2 },
      { status: 405, count: 1 },
    ]);
    expect(fromSecond.rejections).toEqual(fromFirst.rejections);
    expect(fromSecond.queue).toEqual(fromFirst.queue);
    expect(fromSecond.organizations).toEqual(fromFirst.organizations);
    expect(
      fromFirst.organizations.find((entry) => entry.organizationId === 'figures-org')
    ).toMatchObject({ stale: false });
  });

  it("counts only an applied sync as an organisation's last full sync", async () => {
    const organizationId = 'last-sync-org';
    const sync = (events: unknown) => ({
      messageType: 'ORGANIZATION_SYNC',
      messageContent: {
        organization: { ...organization(), id: organizationId },
        locations: [],
        events,
      },
    });
    const sendSync = async (events: unknown) => {
      const answer = await postSigned(second.webhookUrl, sync(events), storage.token);
      expect(answer.status).toBe(202);
      return settledRow(first.strapi, answer.json.data.id, 30_000);
    };
    expect(await sendSync([])).toMatchObject({ status: 'processed' });
    const applied = new Date(Date.now() - 27 * 3600_000);
    await first.strapi.db
      .query(INBOX_UID as never)
      .updateMany({ where: { organizationId }, data: { receivedAt: applied } });
    // Not a list of events: the message fails at once, and the site is no more up to date than before.
    expect(await sendSync('not a list')).toMatchObject({ status: 'failed' });

    const samples = parseExposition((await scrape(first.baseUrl, `Bearer ${METRICS_TOKEN}`)).text);
    expect(
      samples.get(`stager_seconds_since_last_full_sync{organization="${organizationId}"}`)
    ).toBeGreaterThanOrEqual(27 * 3600);
    const health = await admin.call('GET', '/stager/health');
    expect(
      (health.json.data as Health).organizations.find(
        (entry) => entry.organizationId === organizationId
      )
    ).toMatchObject({ lastSyncAt: applied.toISOString(), stale: true });
  });

  it("delivers the plugin's events from a worker other than the instance the webhook was made on", async () => {
    const received: LooseRow[] = [];
    const receiver = http.createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (part: Buffer) => parts.push(part));
      req.on('end', () => {
        received.push(JSON.parse(Buffer.concat(parts).toString('utf8')));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const created = await admin.call('POST', '/admin/webhooks', {
        name: 'alerts',
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
        headers: {},
        events: ['stager.message.failed'],
      });
      if (created.status !== 201)
        throw new Error(`webhook not created: ${created.status} ${created.text}`);
      const answer = await postSigned(
        first.webhookUrl,
        { messageType: 'UPDATE_EVENTS', messageContent: 'not an object' },
        storage.token
      );
      expect((await settledRow(first.strapi, answer.json.data.id)).status).toBe('failed');
      const failed = await eventually(async () =>
        received.find((body) => body.messageId === answer.json.data.id)
      );
      expect(failed).toMatchObject({
        event: 'stager.message.failed',
        messageType: 'UPDATE_EVENTS',
      });
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});

describe("the plugin's events in Strapi webhooks", () => {
  let site: TestSite;
  let receiver: http.Server;
  const received: Array<LooseRow & { event: string }> = [];

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (part: Buffer) => parts.push(part));
      req.on('end', () => {
        received.push(JSON.parse(Buffer.concat(parts).toString('utf8')));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    site = await startSite();
    const admin = await adminSession(site.strapi, site.baseUrl, 'super-admin');
    const created = await admin.call('POST', '/admin/webhooks', {
      name: 'front-end rebuild',
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
      headers: {},
      events: ['stager.sync.completed', 'stager.message.failed', 'stager.sync.stale'],
    });
    if (created.status !== 201)
      throw new Error(`webhook not created: ${created.status} ${created.text}`);
  });

  afterAll(async () => {
    await site?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const eventsNamed = (name: string) => received.filter((body) => body.event === name);
  const syncOf = (events: unknown[]) => ({
    messageType: 'ORGANIZATION_SYNC',
    messageContent: { organization: { ...organization(), id: 'hooks-org' }, locations: [], events },
  });
  const upcoming = (id: string, name = `Event ${id}`) =>
    exampleEvent({ id, name, start: '2030-05-01T20:00:00+02:00', end: null });

  it('sends stager.sync.completed once per sync with what it created, changed and removed', async () => {
    const firstSync = await postSigned(
      site.webhookUrl,
      syncOf(['a', 'b', 'c', 'd'].map((id) => upcoming(`hooks-${id}`))),
      site.token
    );
    expect((await settledRow(site.strapi, firstSync.json.data.id)).status).toBe('processed');
    const [first] = await eventually(async () =>
      eventsNamed('stager.sync.completed').length === 1
        ? eventsNamed('stager.sync.completed')
        : null
    );
    expect(first).toMatchObject({
      messageId: firstSync.json.data.id,
      organizationId: 'hooks-org',
      events: { created: 4, changed: 0, removed: 0 },
    });
    expect(first.durationMs).toBeGreaterThanOrEqual(0);

    // b renamed, c the same, d absent (removed), e new.
    const secondSync = await postSigned(
      site.webhookUrl,
      syncOf([
        upcoming('hooks-a'),
        upcoming('hooks-b', 'Renamed'),
        upcoming('hooks-c'),
        upcoming('hooks-e'),
      ]),
      site.token
    );
    expect((await settledRow(site.strapi, secondSync.json.data.id)).status).toBe('processed');
    const second = await eventually(async () => eventsNamed('stager.sync.completed')[1]);
    expect(second).toMatchObject({
      messageId: secondSync.json.data.id,
      events: { created: 1, changed: 1, removed: 1 },
    });
    expect(eventsNamed('stager.sync.completed')).toHaveLength(2);
  });

  it('sends stager.message.failed with the reason once the message has failed for good', async () => {
    const answer = await postSigned(
      site.webhookUrl,
      { messageType: 'UPDATE_EVENTS', messageContent: 'not an object' },
      site.token
    );
    const row = await settledRow(site.strapi, answer.json.data.id);
    expect(row.status).toBe('failed');
    const failed = await eventually(async () => eventsNamed('stager.message.failed')[0]);
    expect(failed).toMatchObject({
      messageId: answer.json.data.id,
      messageType: 'UPDATE_EVENTS',
      reason: row.error,
      attempts: 1,
    });
  });

  it('sends stager.sync.stale once for an organisation whose last full sync is over 26 hours old', async () => {
    const old = new Date(Date.now() - 27 * 3600_000);
    await site.strapi.db
      .query(INBOX_UID as never)
      .updateMany({ where: { messageType: 'ORGANIZATION_SYNC' }, data: { receivedAt: old } });
    const events = getService(site.strapi, 'runtime').events;
    await events.checkStale();
    await events.checkStale();
    const stale = await eventually(async () => eventsNamed('stager.sync.stale')[0]);
    expect(stale).toMatchObject({
      organizationId: 'hooks-org',
      lastSyncAt: old.toISOString(),
      hoursSinceLastSync: 27,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(eventsNamed('stager.sync.stale')).toHaveLength(1);
  });
});
