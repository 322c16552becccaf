import { createConnection } from 'node:net';
import { gzipSync } from 'node:zlib';
import { hmacBase64, hmacHex, postSigned, request } from '../helpers/http';
import { INBOX_UID, inboxRow } from '../helpers/inbox';
import { startSite, type TestSite } from '../helpers/site';
import { sampleMessages } from '../../scripts/samples.mjs';

let site: TestSite;

beforeAll(async () => {
  site = await startSite();
});

afterAll(async () => {
  await site?.stop();
});

const message = sampleMessages().UPDATE_EVENTS;
const body = Buffer.from(JSON.stringify(message));
const post = (headers: Record<string, string | string[]>, payload: Buffer | string = body) =>
  request(site.webhookUrl, {
    body: payload,
    headers: { 'content-type': 'application/json', ...headers },
  });

describe('signature', () => {
  it.each([
    ['lowercase hex', () => hmacHex(body, site.token)],
    ['uppercase hex', () => hmacHex(body, site.token).toUpperCase()],
    ['base64', () => hmacBase64(body, site.token)],
    ['sha256= and hex', () => `sha256=${hmacHex(body, site.token)}`],
    ['sha256= and base64', () => `sha256=${hmacBase64(body, site.token)}`],
  ])('accepts %s with 202 and the message id', async (_form, signature) => {
    const answer = await post({ 'x-signature': signature() });
    expect(answer.status).toBe(202);
    expect(answer.json.data).toEqual({ id: expect.any(Number), status: 'received' });
  });

  it.each([
    ['no header', () => ({})],
    ['an empty header', () => ({ 'x-signature': '' })],
    ['a wrong key', () => ({ 'x-signature': hmacHex(body, 'not-the-token') })],
    ['a truncated signature', () => ({ 'x-signature': hmacHex(body, site.token).slice(0, 40) })],
    [
      '64 hex characters and trailing junk',
      () => ({ 'x-signature': `${hmacHex(body, site.token)}xyz` }),
    ],
    [
      'base64 of the wrong length',
      () => ({ 'x-signature': Buffer.alloc(31, 7).toString('base64') }),
    ],
    [
      'a duplicated header',
      () => ({ 'x-signature': [hmacHex(body, site.token), hmacHex(body, site.token)] }),
    ],
    [
      'the signature of other bytes',
      () => ({ 'x-signature': hmacHex(`${body.toString()}\n`, site.token) }),
    ],
  ])('refuses %s with 401 and a one-line reason', async (_case, headers) => {
    const answer = await post(headers());
    expect(answer.status).toBe(401);
    expect(answer.json.error).toEqual({
      status: 401,
      name: 'UnauthorizedError',
      message: expect.any(String),
    });
    expect(answer.json.error.message).not.toContain('\n');
    expect(answer.text).not.toContain(site.token);
  });

  it('accepts the previous token during a rotation and refuses it afterwards', async () => {
    site.setOption('previousAuthToken', 'the-old-token');
    site.setOption('previousAuthTokenExpiresAt', new Date(Date.now() + 60_000).toISOString());
    try {
      expect((await post({ 'x-signature': hmacHex(body, 'the-old-token') })).status).toBe(202);
      site.setOption('previousAuthTokenExpiresAt', new Date(Date.now() - 1).toISOString());
      expect((await post({ 'x-signature': hmacHex(body, 'the-old-token') })).status).toBe(401);
      expect((await post({ 'x-signature': hmacHex(body, site.token) })).status).toBe(202);
    } finally {
      site.setOption('previousAuthToken', '');
      site.setOption('previousAuthTokenExpiresAt', '');
    }
  });

  it('answers 503 and never accepts while no token is configured', async () => {
    site.setOption('authToken', '');
    try {
      const answer = await post({ 'x-signature': hmacHex(body, '') });
      expect(answer.status).toBe(503);
      expect(answer.json.error.message).toBe(
        'webhook not configured: no Stager authentication token is set'
      );
    } finally {
      site.setOption('authToken', site.token);
    }
  });
});

describe('accepted messages', () => {
  it('stores the message durably before answering, with its summary and payload', async () => {
    const answer = await postSigned(site.webhookUrl, body, site.token);
    expect(answer.status).toBe(202);
    const row = await inboxRow(site.strapi, answer.json.data.id);
    expect(row).toMatchObject({
      messageType: 'UPDATE_EVENTS',
      organizationId: 'org-4512',
      size: body.length,
      itemCount: message.messageContent.events.length,
      sourceAddress: '127.0.0.1',
    });
    expect(row!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.payload).toEqual(expect.any(String));
  });

  it('gives each message a higher sequence than the one before', async () => {
    const first = await postSigned(site.webhookUrl, body, site.token);
    const second = await postSigned(site.webhookUrl, body, site.token);
    expect(second.json.data.id).toBeGreaterThan(first.json.data.id);
  });

  it('accepts a 2 MB message, over Strapi’s own JSON limit, without touching the global body parser', async () => {
    const big = {
      ...message,
      messageContent: { ...message.messageContent, padding: 'x'.repeat(2 * 1024 * 1024) },
    };
    const answer = await postSigned(site.webhookUrl, big, site.token);
    expect(answer.status).toBe(202);
  });
});

describe('size limit', () => {
  beforeAll(() => site.setOption('maxBodySize', 64 * 1024));
  afterAll(() => site.setOption('maxBodySize', 50 * 1024 * 1024));

  it('answers 413 from Content-Length alone, before reading the body', async () => {
    const oversized = Buffer.alloc(65 * 1024, 'a');
    const answer = await post({ 'x-signature': hmacHex(oversized, site.token) }, oversized);
    expect(answer.status).toBe(413);
    expect(answer.json.error.message).toMatch(/over the limit of 65536 bytes/);
    expect(answer.headers.connection).toBe('close');
  });

  it('answers 413 when a chunked body grows over the limit, and stops reading', async () => {
    const chunk = Buffer.alloc(16 * 1024, 'a');
    const chunks = Array.from({ length: 64 }, () => chunk);
    const answer = await request(site.webhookUrl, {
      headers: { 'x-signature': hmacHex('whatever', site.token), 'transfer-encoding': 'chunked' },
      chunks,
      pauseMs: 5,
    });
    expect(answer.status).toBe(413);
    expect(answer.json.error.message).toMatch(/larger than the limit of 65536 bytes/);
  });

  it('still accepts a chunked body under the limit', async () => {
    const chunks = [body.subarray(0, 100), body.subarray(100)];
    const answer = await request(site.webhookUrl, {
      headers: { 'x-signature': hmacHex(body, site.token), 'transfer-encoding': 'chunked' },
      chunks,
    });
    expect(answer.status).toBe(202);
  });
});

/** Writes `head` and `body` on a raw connection and returns what the server answers before closing. */
function rawExchange(head: string, body: Buffer, keepOpenMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(site.webhookUrl);
    const socket = createConnection(Number(port), '127.0.0.1', () =>
      socket.write(Buffer.concat([Buffer.from(head), body]))
    );
    let answer = '';
    const timer = setTimeout(() => socket.destroy(), keepOpenMs);
    socket.on('data', (data) => (answer += data.toString()));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.on('error', reject);
  });
}

const requestHead = (contentLength: number, signature: string) =>
  `POST /api/stager/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${contentLength}\r\nX-Signature: ${signature}\r\n\r\n`;

describe('many oversized bodies at once', () => {
  const LIMIT = 8 * 1024 * 1024;
  beforeAll(() => site.setOption('maxBodySize', LIMIT));
  afterAll(() => site.setOption('maxBodySize', 50 * 1024 * 1024));

  it('refuses each at the limit, so memory grows by the limit per request, not by the bodies', async () => {
    global.gc?.();
    const idle = process.memoryUsage().rss;
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const megabyte = Buffer.alloc(1024 * 1024, 'a');
    try {
      // Eight senders of 80 MB each, chunked, so that only reading tells the server the size.
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          request(site.webhookUrl, {
            headers: {
              'x-signature': hmacHex('whatever', site.token),
              'transfer-encoding': 'chunked',
            },
            chunks: Array.from({ length: 80 }, () => megabyte),
            pauseMs: 1,
            // The server answers 413 and drops the connection; a sender still writing may see the
            // drop (a TCP reset) before it reads the answer.
          }).catch(() => ({ status: 0 }))
        )
      );
      expect(answers.every((answer) => answer.status === 413 || answer.status === 0)).toBe(true);
    } finally {
      clearInterval(sampler);
    }
    // Held whole, the bodies would take 640 MB; read up to the limit, at most 8 × 8 MB.
    expect((peak - idle) / 1024 / 1024).toBeLessThan(250);
  });
});

describe('a Content-Length that lies', () => {
  beforeAll(() => site.setOption('bodyReadTimeoutMs', 500));
  afterAll(() => site.setOption('bodyReadTimeoutMs', 30_000));

  it('larger than the body: the silent sender gets 408 and its connection is freed', async () => {
    const answer = await rawExchange(
      requestHead(body.length + 100, hmacHex(body, site.token)),
      body,
      10_000
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('request body not received within 500 ms of silence');
  });

  it('smaller than the body: only the declared bytes are read, and nothing is accepted', async () => {
    const rowsBefore = await site.strapi.db.query(INBOX_UID).count();
    const answer = await rawExchange(
      requestHead(body.length - 10, hmacHex(body, site.token)),
      body,
      2_000
    );
    // The declared bytes fail the signature (401), unless Node's parser, reading the rest as a
    // malformed next request, closes the connection first (400).
    expect(answer).toMatch(/^HTTP\/1\.1 40[01] /);
    expect(await site.strapi.db.query(INBOX_UID).count()).toBe(rowsBefore);
  });
});

describe('bad bodies', () => {
  it.each([
    ['not JSON', Buffer.from('{"messageType": '), /^body is not JSON/],
    ['JSON without messageType', Buffer.from('{"messageContent":{}}'), /^body has no messageType$/],
    ['a JSON array', Buffer.from('[1,2]'), /^body is not a JSON object$/],
    [
      'invalid UTF-8',
      Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      /^body is not valid UTF-8$/,
    ],
    ['an empty body', Buffer.alloc(0), /^body is not JSON/],
  ])('answers 400 for %s', async (_case, payload, reason) => {
    const answer = await post({ 'x-signature': hmacHex(payload, site.token) }, payload);
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toMatch(reason);
  });

  it('answers 415 for a compressed body rather than guessing what was signed', async () => {
    const compressed = gzipSync(body);
    const answer = await post(
      { 'x-signature': hmacHex(compressed, site.token), 'content-encoding': 'gzip' },
      compressed
    );
    expect(answer.status).toBe(415);
  });

  it('accepts an unknown message type (it is not the sender’s error)', async () => {
    const answer = await postSigned(
      site.webhookUrl,
      { messageType: 'SOMETHING_NEW', messageContent: {} },
      site.token
    );
    expect(answer.status).toBe(202);
  });
});

describe('methods', () => {
  it.each(['GET', 'PUT', 'DELETE', 'PATCH'])(
    'answers 405 to %s with Allow: POST',
    async (method) => {
      const answer = await request(site.webhookUrl, { method });
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe('POST');
    }
  );
});

describe('IP allowlist', () => {
  afterEach(() => {
    site.setOption('allowedIps', []);
    site.strapi.server.app.proxy = false;
  });

  it('answers 403 to a client outside the list', async () => {
    site.setOption('allowedIps', ['10.0.0.0/8']);
    const answer = await postSigned(site.webhookUrl, body, site.token);
    expect(answer.status).toBe(403);
    expect(answer.json.error.message).toBe('address 127.0.0.1 is not in the allowlist');
  });

  it('ignores X-Forwarded-For while Strapi does not trust a proxy', async () => {
    site.setOption('allowedIps', ['10.0.0.0/8']);
    const answer = await postSigned(site.webhookUrl, body, site.token, {
      'x-forwarded-for': '10.1.2.3',
    });
    expect(answer.status).toBe(403);
  });

  it('uses X-Forwarded-For once Strapi’s proxy trust is configured', async () => {
    site.setOption('allowedIps', ['10.0.0.0/8']);
    site.strapi.server.app.proxy = true;
    expect(
      (await postSigned(site.webhookUrl, body, site.token, { 'x-forwarded-for': '10.1.2.3' }))
        .status
    ).toBe(202);
    expect(
      (await postSigned(site.webhookUrl, body, site.token, { 'x-forwarded-for': '192.0.2.1' }))
        .status
    ).toBe(403);
  });

  it('accepts a client inside the list', async () => {
    site.setOption('allowedIps', ['127.0.0.0/8', '::1']);
    expect((await postSigned(site.webhookUrl, body, site.token)).status).toBe(202);
  });
});

describe('the rest of the site', () => {
  it('keeps Strapi’s default body limit on its other routes', async () => {
    const big = JSON.stringify({
      identifier: 'x',
      password: 'y',
      padding: 'x'.repeat(2 * 1024 * 1024),
    });
    const answer = await request(`${site.baseUrl}/api/auth/local`, {
      body: big,
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(413);
  });
});
