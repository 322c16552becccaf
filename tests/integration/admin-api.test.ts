import { hostname } from 'node:os';
import { adminSession, type AdminSession } from '../helpers/admin';
import { eventually, postSigned, request } from '../helpers/http';
import { INBOX_UID, rowWithStatus, settledRow } from '../helpers/inbox';
import { startSite, type TestSite } from '../helpers/site';
import { ACTIONS } from '../../shared/constants';
import { ENTITY_UIDS } from '../../server/src/store/entity-types';
import { buildUpdateEvents, exampleEvent, sampleMessages } from '../../scripts/samples.mjs';

let site: TestSite;
let superAdmin: AdminSession;
const logged: string[] = [];

beforeAll(async () => {
  // No token in the environment: the admin panel sets it.
  site = await startSite({ STAGER_AUTH_TOKEN: '' });
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    const original = site.strapi.log[level].bind(site.strapi.log);
    (
      site.strapi.log as unknown as Record<
        typeof level,
        (message: unknown, ...rest: unknown[]) => void
      >
    )[level] = (message, ...rest) => {
      logged.push(String(message));
      return original(message as string, ...rest);
    };
  }
  superAdmin = await adminSession(site.strapi, site.baseUrl, 'super-admin');
});

afterAll(async () => {
  await site?.stop();
});

const TOKEN = 'first-admin-token-0123456789';
const NEXT_TOKEN = 'second-admin-token-9876543210';
const setToken = (token: string, previousTokenValidUntil?: string | null) =>
  superAdmin.call('PUT', '/stager/settings/token', {
    token,
    ...(previousTokenValidUntil === undefined ? {} : { previousTokenValidUntil }),
  });
const send = (message: unknown, token: string) => postSigned(site.webhookUrl, message, token);

interface AdminRoute {
  method: string;
  path: string;
  action: string;
  body?: unknown;
}

const ROUTES: AdminRoute[] = [
  { method: 'GET', path: '/stager/settings', action: ACTIONS.readSettings },
  {
    method: 'PUT',
    path: '/stager/settings',
    action: ACTIONS.updateSettings,
    body: { processingPaused: false },
  },
  {
    method: 'PUT',
    path: '/stager/settings/token',
    action: ACTIONS.updateSettings,
    body: { token: 'whatever-token-123' },
  },
  {
    method: 'POST',
    path: '/stager/settings/allowlist/check',
    action: ACTIONS.updateSettings,
    body: { entries: [] },
  },
  {
    method: 'POST',
    path: '/stager/settings/test-message',
    action: ACTIONS.updateSettings,
    body: {},
  },
  { method: 'GET', path: '/stager/health', action: ACTIONS.readHistory },
  { method: 'GET', path: '/stager/messages', action: ACTIONS.readHistory },
  { method: 'GET', path: '/stager/messages/1', action: ACTIONS.readHistory },
  { method: 'GET', path: '/stager/messages/1/payload', action: ACTIONS.readHistory },
  { method: 'POST', path: '/stager/messages/1/replay', action: ACTIONS.replay, body: {} },
  { method: 'POST', path: '/stager/messages/replay-failed', action: ACTIONS.replay, body: {} },
];

describe('permissions', () => {
  it('registers the four actions for Settings → Roles', async () => {
    const permissions = site.strapi.service('admin::permission') as unknown as {
      actionProvider: { values(): Array<{ actionId: string }> };
    };
    const actions = permissions.actionProvider.values().map((action) => action.actionId);
    expect(actions).toEqual(expect.arrayContaining(Object.values(ACTIONS)));
  });

  it.each(ROUTES)('$method $path answers 401 without a session', async ({ method, path, body }) => {
    const answer = await request(`${site.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(answer.status).toBe(401);
  });

  it.each(ROUTES)(
    '$method $path answers 403 to a role without $action',
    async ({ method, path, action, body }) => {
      const allButOne = Object.values(ACTIONS).filter((other) => other !== action);
      const session = await adminSession(site.strapi, site.baseUrl, allButOne);
      const answer = await session.call(method, path, body);
      expect(answer.status).toBe(403);
      expect(answer.json.error).toMatchObject({ status: 403, name: 'PolicyError' });
    }
  );

  it('lets a role with only "read history" read the history and nothing else', async () => {
    const reader = await adminSession(site.strapi, site.baseUrl, [ACTIONS.readHistory]);
    expect((await reader.call('GET', '/stager/messages')).status).toBe(200);
    expect((await reader.call('GET', '/stager/health')).status).toBe(200);
    expect((await reader.call('GET', '/stager/settings')).status).toBe(403);
    expect((await reader.call('POST', '/stager/messages/replay-failed', {})).status).toBe(403);
  });
});

describe('settings: the token', () => {
  it('starts with no token: the webhook answers 503', async () => {
    const answer = await superAdmin.call('GET', '/stager/settings');
    expect(answer.status).toBe(200);
    expect(answer.json.data.authToken).toEqual({
      configured: false,
      source: 'none',
      readOnly: false,
    });
    expect((await send(sampleMessages().UPDATE_ORGANIZATION, TOKEN)).status).toBe(503);
  });

  it('sets a token, never answers it back, stores it encrypted, and the webhook verifies with it at once', async () => {
    const answer = await setToken(TOKEN);
    expect(answer.status).toBe(200);
    expect(answer.json.data.authToken).toEqual({
      configured: true,
      source: 'admin',
      readOnly: false,
    });
    expect(answer.text).not.toContain(TOKEN);
    expect((await superAdmin.call('GET', '/stager/settings')).text).not.toContain(TOKEN);

    const stored = await site.strapi.db
      .query('strapi::core-store')
      .findOne({ where: { key: 'plugin_stager_settings' } });
    expect(stored.value).not.toContain(TOKEN);
    expect(JSON.parse(stored.value).encryptedAuthToken).toMatch(/^v1:/);

    expect((await send(sampleMessages().UPDATE_ORGANIZATION, TOKEN)).status).toBe(202);
    expect((await send(sampleMessages().UPDATE_ORGANIZATION, 'another-token')).status).toBe(401);
  });

  it('keeps the previous token working until the chosen time during a rotation, then stops it', async () => {
    const until = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const answer = await setToken(NEXT_TOKEN, until);
    expect(answer.json.data.previousAuthToken).toEqual({ active: true, expiresAt: until });
    expect(answer.text).not.toContain(TOKEN);
    expect((await send(sampleMessages().UPDATE_ORGANIZATION, TOKEN)).status).toBe(202);
    expect((await send(sampleMessages().UPDATE_ORGANIZATION, NEXT_TOKEN)).status).toBe(202);

    const stopNow = await setToken(TOKEN, null);
    expect(stopNow.json.data.previousAuthToken).toEqual({ active: false, expiresAt: null });
    expect((await send(sampleMessages().UPDATE_ORGANIZATION, NEXT_TOKEN)).status).toBe(401);
    expect((await send(sampleMessages().UPDATE_ORGANIZATION, TOKEN)).status).toBe(202);
  });

  it('keeps the previous token for 24 hours by default', async () => {
    const answer = await setToken(NEXT_TOKEN);
    const expiresIn = Date.parse(answer.json.data.previousAuthToken.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(23.9 * 3600_000);
    expect(expiresIn).toBeLessThanOrEqual(24 * 3600_000);
    await setToken(TOKEN, null);
  });

  it.each([
    [{ token: 'short' }, /^token: the token must be at least 8 characters$/],
    [{ token: 'has a space in it' }, /^token: the token must not contain spaces$/],
    [
      { token: NEXT_TOKEN, previousTokenValidUntil: '2001-01-01T00:00:00Z' },
      /^previousTokenValidUntil: must be in the future$/,
    ],
    [
      { token: NEXT_TOKEN, previousTokenValidUntil: 'tomorrow' },
      /^previousTokenValidUntil: an ISO 8601 time/,
    ],
    [{ token: NEXT_TOKEN, extra: 1 }, /extra/],
    [{}, /^token: /],
  ])('refuses %j with a one-line ValidationError', async (body, reason) => {
    const answer = await superAdmin.call('PUT', '/stager/settings/token', body);
    expect(answer.status).toBe(400);
    expect(answer.json.error.name).toBe('ValidationError');
    expect(answer.json.error.message).toMatch(reason);
    expect(answer.json.error.message).not.toContain('\n');
  });

  it('shows a token from the environment as read-only and refuses to replace it', async () => {
    site.setOption('authToken', 'token-from-the-environment');
    try {
      const view = await superAdmin.call('GET', '/stager/settings');
      expect(view.json.data.authToken).toEqual({
        configured: true,
        source: 'config',
        readOnly: true,
      });
      expect(view.text).not.toContain('token-from-the-environment');
      const answer = await setToken(NEXT_TOKEN);
      expect(answer.status).toBe(400);
      expect(answer.json.error.message).toBe(
        'token: set by the environment (STAGER_AUTH_TOKEN); change it there'
      );
      expect(
        (await send(sampleMessages().UPDATE_ORGANIZATION, 'token-from-the-environment')).status
      ).toBe(202);
    } finally {
      site.setOption('authToken', '');
    }
  });
});

describe('settings: allowlist and processing', () => {
  afterEach(async () => {
    await superAdmin.call('PUT', '/stager/settings', { allowedIps: [], processingPaused: false });
  });

  it('refuses bad entries with one line each, naming the entry', async () => {
    const answer = await superAdmin.call('PUT', '/stager/settings', {
      allowedIps: ['10.0.0.0/8', '300.1.1.1', '10.0.0.0/33'],
    });
    expect(answer.status).toBe(400);
    expect(answer.json.error.details.errors).toEqual([
      {
        path: ['allowedIps', '1'],
        message: expect.stringMatching(
          /^allowedIps\.1: "300\.1\.1\.1" is not an IPv4 or IPv6 address/
        ),
      },
      {
        path: ['allowedIps', '2'],
        message: expect.stringMatching(
          /^allowedIps\.2: "10\.0\.0\.0\/33" has an invalid prefix length/
        ),
      },
    ]);
  });

  it('checks entries as they are typed', async () => {
    const answer = await superAdmin.call('POST', '/stager/settings/allowlist/check', {
      entries: ['2001:db8::/32', 'nope', '127.0.0.1'],
    });
    expect(answer.status).toBe(200);
    expect(answer.json.data.errors).toEqual([null, expect.stringContaining('"nope"'), null]);
  });

  it('applies a saved allowlist to the webhook at once; an empty list means any address', async () => {
    const saved = await superAdmin.call('PUT', '/stager/settings', { allowedIps: ['10.0.0.0/8'] });
    expect(saved.json.data.allowedIps).toEqual({
      entries: ['10.0.0.0/8'],
      source: 'admin',
      readOnly: false,
    });
    expect((await send(sampleMessages().UPDATE_ORGANIZATION, TOKEN)).status).toBe(403);
    await superAdmin.call('PUT', '/stager/settings', { allowedIps: [] });
    expect((await send(sampleMessages().UPDATE_ORGANIZATION, TOKEN)).status).toBe(202);
  });

  it('shows an allowlist from the environment as read-only', async () => {
    site.setOption('allowedIps', ['127.0.0.1']);
    try {
      const view = await superAdmin.call('GET', '/stager/settings');
      expect(view.json.data.allowedIps).toEqual({
        entries: ['127.0.0.1'],
        source: 'config',
        readOnly: true,
      });
      expect((await superAdmin.call('PUT', '/stager/settings', { allowedIps: [] })).status).toBe(
        400
      );
    } finally {
      site.setOption('allowedIps', []);
    }
  });

  it('keeps accepting while paused without applying, and applies once resumed', async () => {
    expect(
      (await superAdmin.call('PUT', '/stager/settings', { processingPaused: true })).json.data
        .processingPaused
    ).toBe(true);
    const answer = await send(sampleMessages().UPDATE_ORGANIZATION, TOKEN);
    expect(answer.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(
      await rowWithStatus(site.strapi, answer.json.data.id, ['received', 'queued'])
    ).not.toBeNull();

    await superAdmin.call('PUT', '/stager/settings', { processingPaused: false });
    await eventually(
      () => rowWithStatus(site.strapi, answer.json.data.id, ['processed']),
      15_000,
      'the message to be applied'
    );
  });
});

describe('several instances', () => {
  const store = () => site.strapi.store({ type: 'plugin', name: 'stager', key: 'settings' });

  it('pick up settings saved by another instance within seconds', async () => {
    // Another instance saving writes the same plugin-store row; this one re-reads it on its own.
    const saved = (await store().get({})) as Record<string, unknown>;
    await store().set({ value: { ...saved, allowedIps: ['192.0.2.0/24'] } });
    try {
      await eventually(
        async () => (await send(sampleMessages().UPDATE_ORGANIZATION, TOKEN)).status === 403,
        5_000,
        'the allowlist to apply'
      );
    } finally {
      await store().set({ value: saved });
    }
    await eventually(
      async () => (await send(sampleMessages().UPDATE_ORGANIZATION, TOKEN)).status === 202,
      5_000,
      'the allowlist to go'
    );
  });

  it('stop applying when another instance pauses processing, and resume with it', async () => {
    const saved = (await store().get({})) as Record<string, unknown>;
    await store().set({ value: { ...saved, processingPaused: true } });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const id = (await send(sampleMessages().UPDATE_ORGANIZATION, TOKEN)).json.data.id;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await rowWithStatus(site.strapi, id, ['received', 'queued'])).not.toBeNull();
    await store().set({ value: saved });
    await eventually(
      () => rowWithStatus(site.strapi, id, ['processed']),
      15_000,
      'the message to be applied'
    );
  });
});

describe('test message', () => {
  it('signs a sample with the current token, posts it to the webhook and shows the answer and the row', async () => {
    const answer = await superAdmin.call('POST', '/stager/settings/test-message', {});
    expect(answer.status).toBe(200);
    expect(answer.json.data).toMatchObject({
      status: 202,
      body: { data: { status: 'received' } },
      message: { messageType: 'UPDATE_ORGANIZATION', organizationId: 'stager-test-organization' },
    });
    expect(answer.text).not.toContain(TOKEN);
    await eventually(
      () => rowWithStatus(site.strapi, answer.json.data.message.id, ['processed']),
      15_000,
      'the test message'
    );
  });

  it('shows the webhook’s refusal when the allowlist keeps the site out', async () => {
    await superAdmin.call('PUT', '/stager/settings', { allowedIps: ['192.0.2.0/24'] });
    try {
      const answer = await superAdmin.call('POST', '/stager/settings/test-message', {});
      expect(answer.json.data).toMatchObject({
        status: 403,
        body: { error: { message: 'address 127.0.0.1 is not in the allowlist' } },
        message: null,
      });
    } finally {
      await superAdmin.call('PUT', '/stager/settings', { allowedIps: [] });
    }
  });
});

describe('history', () => {
  let updateId: number;
  let failedId: number;
  let itemErrorId: number;

  beforeAll(async () => {
    await setToken(TOKEN, null);
    updateId = (await send(sampleMessages().UPDATE_EVENTS, TOKEN)).json.data.id;
    // An envelope that does not match the contract fails at once.
    failedId = (
      await send({ messageType: 'UPDATE_EVENTS', messageContent: { events: 'not a list' } }, TOKEN)
    ).json.data.id;
    await eventually(
      () => rowWithStatus(site.strapi, updateId, ['processed']),
      20_000,
      'the update'
    );
    const { name: _missing, ...badEvent } = exampleEvent({ id: 'ev-no-name' });
    itemErrorId = (
      await send(
        buildUpdateEvents({
          events: [exampleEvent({ id: 'ev-fine' }), badEvent as ReturnType<typeof exampleEvent>],
        }),
        TOKEN
      )
    ).json.data.id;
    await eventually(() => rowWithStatus(site.strapi, failedId, ['failed']), 20_000, 'the failure');
    await eventually(
      () => rowWithStatus(site.strapi, itemErrorId, ['processed']),
      20_000,
      'the item error'
    );
  });

  it('lists messages newest first, paginated, without payloads', async () => {
    const answer = await superAdmin.call('GET', '/stager/messages?page=1&pageSize=2');
    expect(answer.status).toBe(200);
    expect(answer.json.pagination).toMatchObject({
      page: 1,
      pageSize: 2,
      total: expect.any(Number),
    });
    const [first, second] = answer.json.results;
    expect(first.id).toBeGreaterThan(second.id);
    expect(first).not.toHaveProperty('payload');
    expect(first).toEqual(
      expect.objectContaining({
        receivedAt: expect.anything(),
        messageType: expect.any(String),
        size: expect.any(Number),
        status: expect.any(String),
        attempts: expect.any(Number),
      })
    );
  });

  it('filters by type, status, organisation and date range', async () => {
    const failed = await superAdmin.call('GET', '/stager/messages?status=failed');
    expect(failed.json.results.map((row: { id: number }) => row.id)).toEqual([failedId]);
    const events = await superAdmin.call(
      'GET',
      '/stager/messages?messageType=UPDATE_EVENTS&organizationId=org-4512'
    );
    expect(events.json.results.map((row: { id: number }) => row.id)).toEqual([
      itemErrorId,
      updateId,
    ]);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect(
      (await superAdmin.call('GET', `/stager/messages?receivedFrom=${encodeURIComponent(future)}`))
        .json.results
    ).toEqual([]);
    const past = new Date(Date.now() - 3600_000).toISOString();
    expect(
      (
        await superAdmin.call(
          'GET',
          `/stager/messages?receivedFrom=${encodeURIComponent(past)}&receivedTo=${encodeURIComponent(future)}&status=failed`
        )
      ).json.pagination.total
    ).toBe(1);
  });

  it.each([
    ['status=done', /^status: /],
    ['receivedFrom=yesterday', /^receivedFrom: an ISO 8601 time/],
    ['pageSize=1000', /^pageSize: /],
    ['sort=id', /sort/],
  ])('refuses the filter %s with a ValidationError', async (query, reason) => {
    const answer = await superAdmin.call('GET', `/stager/messages?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toMatch(reason);
  });

  it('shows one message: summary, item errors, links to the Content Manager', async () => {
    const answer = await superAdmin.call('GET', `/stager/messages/${updateId}`);
    expect(answer.status).toBe(200);
    const { message, summary, entries } = answer.json.data;
    expect(message).toMatchObject({ id: updateId, status: 'processed', itemErrors: [] });
    expect(summary.organization).toEqual({ id: 'org-4512', name: 'Paradiso Noord' });
    expect(summary.events.count).toBe(sampleMessages().UPDATE_EVENTS.messageContent.events.length);
    const event = entries.find((entry: { type: string }) => entry.type === 'event');
    expect(event.contentManagerPath).toBe(
      `/content-manager/collection-types/plugin::stager.event/${event.documentId}`
    );
    expect(
      entries.some(
        (entry: { type: string; stagerId: string }) =>
          entry.type === 'organization' && entry.stagerId === 'org-4512'
      )
    ).toBe(true);

    const failed = await superAdmin.call('GET', `/stager/messages/${failedId}`);
    expect(failed.json.data.message).toMatchObject({ status: 'failed', error: expect.any(String) });

    const partly = await superAdmin.call('GET', `/stager/messages/${itemErrorId}`);
    expect(partly.json.data.message).toMatchObject({
      itemsFailed: 1,
      itemErrors: [
        { path: expect.stringMatching(/^messageContent\.events\[1\]/), reason: expect.any(String) },
      ],
    });
    expect(partly.json.data.entries.map((entry: { stagerId: string }) => entry.stagerId)).toContain(
      'ev-fine'
    );
  });

  it('answers 404 for a message that does not exist', async () => {
    const answer = await superAdmin.call('GET', '/stager/messages/999999');
    expect(answer.status).toBe(404);
  });

  it('serves the raw payload on its own', async () => {
    const answer = await superAdmin.call('GET', `/stager/messages/${updateId}/payload`);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(sampleMessages().UPDATE_EVENTS);
  });

  it('replays a message through the queue', async () => {
    const answer = await superAdmin.call('POST', `/stager/messages/${updateId}/replay`, {});
    expect(answer.status).toBe(200);
    expect(answer.json.data).toEqual({ id: updateId, replays: 1 });
    const row = await eventually(
      () => rowWithStatus(site.strapi, updateId, ['processed']),
      15_000,
      'the replay'
    );
    expect(row).toMatchObject({ replays: 1, attempts: 1 });
  });

  it('refuses to replay a message still waiting to be applied', async () => {
    await superAdmin.call('PUT', '/stager/settings', { processingPaused: true });
    try {
      const id = (await send(sampleMessages().UPDATE_ORGANIZATION, TOKEN)).json.data.id;
      const answer = await superAdmin.call('POST', `/stager/messages/${id}/replay`, {});
      expect(answer.status).toBe(400);
      expect(answer.json.error.message).toMatch(
        new RegExp(
          `^message ${id} is (received|queued); only processed, failed or unsupported messages can be replayed, and queued or processing ones that have not moved for longer than the job lock \\(jobLockMs\\)$`
        )
      );
    } finally {
      await superAdmin.call('PUT', '/stager/settings', { processingPaused: false });
    }
  });

  it('replays every failed message matching the filters', async () => {
    const none = await superAdmin.call('POST', '/stager/messages/replay-failed', {
      messageType: 'DELETE_EVENTS',
    });
    expect(none.json.data).toEqual({ replayed: 0, ids: [] });
    const answer = await superAdmin.call('POST', '/stager/messages/replay-failed', {
      messageType: 'UPDATE_EVENTS',
    });
    expect(answer.json.data).toEqual({ replayed: 1, ids: [failedId] });
    const row = await eventually(
      () => rowWithStatus(site.strapi, failedId, ['failed']).then((r) => r?.replays === 1 && r),
      15_000,
      'the failed replay'
    );
    expect(row).toMatchObject({ status: 'failed', replays: 1 });
  });
});

describe('health', () => {
  it('shows Redis, the queue, the worker, the oldest waiting message, organisations and rejections', async () => {
    await postSigned(site.webhookUrl, sampleMessages().UPDATE_ORGANIZATION, 'wrong-token');
    const sync = await postSigned(site.webhookUrl, sampleMessages().ORGANIZATION_SYNC, TOKEN);
    // An organisation's last sync is its last applied one.
    expect((await settledRow(site.strapi, sync.json.data.id)).status).toBe('processed');
    const answer = await superAdmin.call('GET', '/stager/health');
    expect(answer.status).toBe(200);
    const health = answer.json.data;
    expect(health.redis).toEqual({ connected: true });
    expect(health.queue).toEqual({
      waiting: expect.any(Number),
      active: expect.any(Number),
      failed: expect.any(Number),
      delayed: expect.any(Number),
    });
    expect(health.worker).toEqual({
      enabled: true,
      concurrency: expect.any(Number),
      instances: [
        {
          name: `${hostname()}:${process.pid}`,
          concurrency: health.worker.concurrency,
          lastSeenAt: expect.any(String),
          thisInstance: true,
        },
      ],
    });
    expect(health.processingPaused).toBe(false);
    expect(health.organizations).toEqual(
      expect.arrayContaining([
        {
          organizationId: 'org-4512',
          name: 'Paradiso Noord',
          lastSyncAt: expect.any(String),
          stale: false,
        },
      ])
    );
    // The test message's organisation exists, and never gets a full sync: it is not listed.
    expect(
      await site.strapi.db
        .query(ENTITY_UIDS.organization as never)
        .findOne({ where: { stagerId: 'stager-test-organization' } })
    ).not.toBeNull();
    expect(
      health.organizations.map(({ organizationId }: { organizationId: string }) => organizationId)
    ).not.toContain('stager-test-organization');
    expect(health.rejections).toEqual(
      expect.arrayContaining([
        {
          status: 401,
          count: expect.any(Number),
          lastAt: expect.any(String),
          lastReason: 'X-Signature does not match the body',
          lastSource: '127.0.0.1',
        },
        expect.objectContaining({
          status: 403,
          lastReason: expect.stringContaining('not in the allowlist'),
        }),
      ])
    );
  });
});

describe('a full sync waiting its turn', () => {
  it('shows as waiting behind the full sync being applied, and is not replayed', async () => {
    // Two full syncs as a worker leaves them while it applies one and the other waits for it.
    const inbox = site.strapi.db.query(INBOX_UID as never);
    const fullSync = async (status: string) =>
      (
        (await inbox.create({
          data: {
            messageType: 'ORGANIZATION_SYNC',
            organizationId: 'org-turn',
            status,
            receivedAt: new Date(),
            updatedAt: new Date(),
            size: 1,
            sha256: '0'.repeat(64),
            itemCount: 2000,
            payloadPrunedAt: new Date(),
          },
        })) as { id: number }
      ).id;
    const running = await fullSync('processing');
    const waiting = await fullSync('queued');
    const detail = async () =>
      (await superAdmin.call('GET', `/stager/messages/${waiting}`)).json.data;
    try {
      expect(await detail()).toMatchObject({ replayable: false, waitingBehind: running });
      const replay = await superAdmin.call('POST', `/stager/messages/${waiting}/replay`, {});
      expect(replay.status).toBe(400);

      await inbox.updateMany({ where: { id: running }, data: { status: 'processed' } });
      expect(await detail()).toMatchObject({ replayable: false, waitingBehind: null });
    } finally {
      await inbox.deleteMany({ where: { id: { $in: [running, waiting] } } });
    }
  });
});

describe('secrets', () => {
  it('never wrote a token to the log', () => {
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) {
      for (const secret of [TOKEN, NEXT_TOKEN, 'token-from-the-environment'])
        expect(line).not.toContain(secret);
    }
  });
});
