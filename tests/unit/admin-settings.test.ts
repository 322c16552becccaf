import { defaultConfig } from '../../server/src/config';
import { summarisePayload } from '../../server/src/history/message-summary';
import { createRejectionLog } from '../../server/src/ingest/rejections';
import { createIngestSettings } from '../../server/src/ingest/settings';
import { effectiveSettings } from '../../server/src/settings/effective-settings';
import {
  createProcessingGate,
  ProcessingPausedError,
} from '../../server/src/settings/processing-gate';
import type { AdminSettings } from '../../server/src/settings/stored-settings';
import { sampleMessages } from '../../scripts/samples.mjs';

const env = Object.assign((_key: string, fallback?: string) => fallback, {
  int: (_key: string, fallback?: number) => fallback,
  bool: (_key: string, fallback?: boolean) => fallback,
  array: (_key: string, fallback?: string[]) => fallback,
});
const config = (overrides = {}) => ({ ...defaultConfig({ env }), ...overrides });
const admin = (overrides: Partial<AdminSettings> = {}): AdminSettings => ({
  authToken: 'admin-token',
  previousAuthToken: 'admin-previous',
  previousAuthTokenExpiresAt: '2999-01-01T00:00:00Z',
  allowedIps: ['10.0.0.0/8'],
  processingPaused: false,
  fieldAuthority: {},
  ...overrides,
});

describe('effective settings', () => {
  it('take the token pair and the allowlist from the admin panel when the config sets none', () => {
    expect(effectiveSettings(config(), admin())).toMatchObject({
      authToken: 'admin-token',
      previousAuthToken: 'admin-previous',
      tokenSource: 'admin',
      allowedIps: ['10.0.0.0/8'],
      allowlistSource: 'admin',
    });
  });

  it('let the config (environment) win, the whole token pair with it', () => {
    const settings = effectiveSettings(
      config({ authToken: 'env-token', allowedIps: ['192.0.2.1'] }),
      admin()
    );
    expect(settings).toMatchObject({
      authToken: 'env-token',
      previousAuthToken: '',
      tokenSource: 'config',
      allowedIps: ['192.0.2.1'],
      allowlistSource: 'config',
    });
  });

  it('say "none" when no token is set anywhere', () => {
    expect(
      effectiveSettings(config(), admin({ authToken: '', previousAuthToken: '' })).tokenSource
    ).toBe('none');
  });

  it('reach the webhook: tokens and allowlist from the admin settings in memory', () => {
    const ingest = createIngestSettings(
      () => config(),
      () => admin()
    );
    const settings = ingest();
    expect(settings.tokens).toEqual(['admin-token', 'admin-previous']);
    expect(settings.allowlist.allows('10.1.2.3')).toBe(true);
    expect(settings.allowlist.allows('127.0.0.1')).toBe(false);
  });
});

describe('processing gate', () => {
  it('holds while paused and lets go once resumed', async () => {
    let paused = true;
    const gate = createProcessingGate(() => paused, 10);
    let passed = false;
    const waiting = gate.waitUntilOpen().then(() => (passed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(passed).toBe(false);
    paused = false;
    await waiting;
    expect(passed).toBe(true);
  });

  it('hands the job back when the instance stops while paused', async () => {
    const gate = createProcessingGate(() => true, 10);
    const waiting = gate.waitUntilOpen();
    gate.stop();
    await expect(waiting).rejects.toBeInstanceOf(ProcessingPausedError);
  });
});

describe('rejection log', () => {
  it('counts per status with the last time, reason and source, and logs at most once a minute per status', () => {
    const lines: string[] = [];
    const log = {
      info: () => undefined,
      warn: (line: string) => lines.push(line),
      error: () => undefined,
    };
    const rejections = createRejectionLog(log);
    rejections.record(401, 'X-Signature does not match the body', '192.0.2.1');
    rejections.record(401, 'X-Signature missing', '192.0.2.2');
    rejections.record(403, 'address 192.0.2.3 is not in the allowlist', '192.0.2.3');
    expect(rejections.summary()).toEqual([
      {
        status: 401,
        count: 2,
        lastAt: expect.any(String),
        lastReason: 'X-Signature missing',
        lastSource: '192.0.2.2',
      },
      {
        status: 403,
        count: 1,
        lastAt: expect.any(String),
        lastReason: 'address 192.0.2.3 is not in the allowlist',
        lastSource: '192.0.2.3',
      },
    ]);
    expect(lines).toHaveLength(2);
  });
});

describe('payload summary', () => {
  it('counts and names what each message type carries', () => {
    const messages = sampleMessages();
    const update = summarisePayload(messages.UPDATE_EVENTS);
    expect(update.organization).toEqual({ id: 'org-4512', name: 'Paradiso Noord' });
    expect(update.events.count).toBe(messages.UPDATE_EVENTS.messageContent.events.length);
    expect(update.events.ids).toEqual(
      messages.UPDATE_EVENTS.messageContent.events.map((event: { id: string }) => event.id)
    );
    expect(update.embeddedLocationIds.length).toBeGreaterThan(0);

    const deletion = summarisePayload(messages.DELETE_EVENTS);
    expect(deletion.organization?.id).toBe(messages.DELETE_EVENTS.messageContent.organizationId);
    expect(deletion.deletedEvents.count).toBe(
      messages.DELETE_EVENTS.messageContent.eventIds.length
    );
  });

  it('stays calm with a body that is not a message', () => {
    expect(
      summarisePayload({ messageType: 'X', messageContent: { events: 'nope' } })
    ).toMatchObject({ organization: null, events: { count: 0, ids: [] } });
    expect(summarisePayload(null).organization).toBeNull();
  });
});
