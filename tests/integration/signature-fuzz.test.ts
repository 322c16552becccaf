import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { request } from '../helpers/http';
import { startSite, type TestSite } from '../helpers/site';
import { buildUpdateEvents, exampleEvent } from '../../scripts/samples.mjs';

/**
 * Whatever the signature header and the body look like, the webhook accepts a message exactly when
 * the header carries the HMAC-SHA256 of the exact body bytes under the token, in one of the
 * contract's forms, and never fails with a 500.
 */
let site: TestSite;

beforeAll(async () => {
  site = await startSite({ LOG_LEVEL: 'error' });
});

afterAll(async () => {
  await site?.stop();
});

const ORIGINAL = Buffer.from(
  JSON.stringify(buildUpdateEvents({ events: [exampleEvent({ id: 'ev-fuzz' })] }))
);
const hmac = (body: Buffer, token: string) => createHmac('sha256', token).update(body).digest();

/** The body: the original message, or one byte changed, invalid UTF-8, a BOM, or nothing. */
const body = fc.oneof(
  fc.constant(ORIGINAL),
  fc
    .record({ at: fc.nat(ORIGINAL.length - 1), byte: fc.integer({ min: 0, max: 255 }) })
    .map(({ at, byte }) => {
      const changed = Buffer.from(ORIGINAL);
      changed[at] = byte;
      return changed;
    }),
  fc
    .nat(ORIGINAL.length - 1)
    .map((at) =>
      Buffer.concat([ORIGINAL.subarray(0, at), Buffer.from([0xc3, 0x28]), ORIGINAL.subarray(at)])
    ),
  fc.constant(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), ORIGINAL])),
  fc.constant(Buffer.alloc(0))
);

/** How a header is written from a MAC: the contract's forms and their look-alikes. */
const form = fc.constantFrom(
  (mac: Buffer) => mac.toString('hex'),
  (mac: Buffer) => mac.toString('hex').toUpperCase(),
  (mac: Buffer) =>
    mac
      .toString('hex')
      .replace(/[a-f]/g, (letter, at: number) => (at % 2 ? letter.toUpperCase() : letter)),
  (mac: Buffer) => mac.toString('base64'),
  (mac: Buffer) => `sha256=${mac.toString('hex')}`,
  (mac: Buffer) => `sha256=${mac.toString('base64')}`,
  (mac: Buffer) => `SHA256=${mac.toString('hex')}`,
  (mac: Buffer) => `sha1=${mac.toString('hex')}`,
  (mac: Buffer) => mac.toString('base64url'),
  (mac: Buffer) => mac.toString('base64').replace(/=$/, ''),
  (mac: Buffer) => mac.toString('hex').slice(0, 63),
  (mac: Buffer) => `${mac.toString('hex')}0`,
  (mac: Buffer) => `${mac.toString('hex').slice(0, 63)}g`,
  (mac: Buffer) => `${mac.toString('hex').slice(0, 32)} ${mac.toString('hex').slice(32)}`,
  (mac: Buffer) => ` ${mac.toString('hex')}\t`,
  (mac: Buffer) => mac.toString('latin1').replace(/[^\x20-\x7e]/g, 'x')
);

const header = fc.record({
  // Signed over the bytes sent, over the original message, or with another key.
  signedOver: fc.constantFrom('sent', 'original', 'other-key'),
  form,
  copies: fc.constantFrom(1, 1, 1, 2),
});

/** What the contract says the answer must be. */
function expectedStatus(sent: Buffer, values: string[]): number {
  if (values.length !== 1) return 401;
  // HTTP drops the spaces and tabs around a header value.
  const value = values[0].replace(/^[ \t]+|[ \t]+$/g, '');
  const claimed = value.startsWith('sha256=') ? value.slice('sha256='.length) : value;
  const mac = hmac(sent, site.token);
  const matches =
    (/^[0-9a-fA-F]{64}$/.test(claimed) && claimed.toLowerCase() === mac.toString('hex')) ||
    claimed === mac.toString('base64');
  if (!matches) return 401;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(sent);
    const envelope = JSON.parse(text);
    return typeof envelope?.messageType === 'string' && envelope.messageType.trim() !== ''
      ? 202
      : 400;
  } catch {
    return 400;
  }
}

it('accepts exactly the bodies whose HMAC the header carries, and never answers 500', async () => {
  await fc.assert(
    fc.asyncProperty(body, header, async (sent, { signedOver, form: write, copies }) => {
      const mac =
        signedOver === 'other-key'
          ? hmac(sent, 'not-the-token')
          : hmac(signedOver === 'sent' ? sent : ORIGINAL, site.token);
      const values = Array.from({ length: copies }, () => write(mac));
      const answer = await request(site.webhookUrl, {
        body: sent,
        headers: {
          'content-type': 'application/json',
          'x-signature': values.length === 1 ? values[0] : values,
        },
      });
      expect(answer.status).toBe(expectedStatus(sent, values));
      expect(answer.json?.error?.message ?? 'accepted').toMatch(/^[^\n]+$/);
    }),
    { numRuns: 300 }
  );
});
