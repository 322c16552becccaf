import { createHash, createHmac } from 'node:crypto';
import { createBodyDigests, parseSignatureHeader } from '../../server/src/ingest/signature';

const body = Buffer.from('{"messageType":"UPDATE_EVENTS"}');
const digest = createHmac('sha256', 'token-a').update(body).digest();
const hex = digest.toString('hex');
const base64 = digest.toString('base64');

describe('parseSignatureHeader', () => {
  it.each([
    ['lowercase hex', hex],
    ['uppercase hex', hex.toUpperCase()],
    ['mixed-case hex', hex.slice(0, 32).toUpperCase() + hex.slice(32)],
    ['base64', base64],
    ['sha256= and hex', `sha256=${hex}`],
    ['sha256= and base64', `sha256=${base64}`],
  ])('decodes %s to the 32 bytes', (_form, header) => {
    expect(parseSignatureHeader(header)).toEqual(digest);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['repeated', [hex, hex]],
    ['truncated hex', hex.slice(0, 63)],
    ['hex with trailing junk', `${hex}zz`],
    ['hex with one more digit', `${hex}0`],
    ['hex with a non-hex character', `${hex.slice(0, 63)}g`],
    ['base64 of 31 bytes', digest.subarray(0, 31).toString('base64')],
    ['base64 of 33 bytes', Buffer.concat([digest, Buffer.from([1])]).toString('base64')],
    ['base64url alphabet', base64.replace(/\+/g, '-').replace(/\//g, '_').padEnd(44, '-')],
    ['base64 without padding', base64.replace(/=$/, '')],
    ['an upper-case prefix', `SHA256=${hex}`],
    ['another algorithm prefix', `sha1=${hex}`],
    ['the prefix alone', 'sha256='],
    ['a doubled prefix', `sha256=sha256=${hex}`],
    ['inner whitespace', `${hex.slice(0, 32)} ${hex.slice(32)}`],
  ])('refuses %s', (_form, header) => {
    expect(parseSignatureHeader(header as string | string[] | undefined)).toBeNull();
  });
});

/** Feeds the body in chunks of `chunkSize` bytes, as the webhook does while it arrives. */
function digestsOf(bytes: Buffer, tokens: string[], chunkSize = 7) {
  const digests = createBodyDigests(tokens);
  for (let at = 0; at < bytes.length; at += chunkSize)
    digests.update(bytes.subarray(at, at + chunkSize));
  return digests;
}

describe('createBodyDigests', () => {
  it('accepts the signature of any active token, over the body fed in chunks', () => {
    expect(digestsOf(body, ['token-a']).signedBy(digest)).toBe(true);
    expect(digestsOf(body, ['token-new', 'token-a']).signedBy(digest)).toBe(true);
  });

  it('refuses a signature made with another key or over other bytes', () => {
    expect(digestsOf(body, ['token-b']).signedBy(digest)).toBe(false);
    expect(digestsOf(Buffer.from(`${body.toString()} `), ['token-a']).signedBy(digest)).toBe(false);
    expect(digestsOf(body, []).signedBy(digest)).toBe(false);
  });

  it('gives the SHA-256 of the whole body', () => {
    expect(digestsOf(body, ['token-a']).sha256()).toBe(
      createHash('sha256').update(body).digest('hex')
    );
  });
});
