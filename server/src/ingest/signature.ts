import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;
const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;
const PREFIX = 'sha256=';

/**
 * Decodes an `X-Signature` header into the 32 bytes it claims, or null when the header is missing,
 * repeated or not exactly one of the contract's forms: 64 hex characters (either case) or standard
 * base64 of 32 bytes, optionally after `sha256=`. The form is checked before decoding because
 * Node's decoders silently skip or stop at bad characters.
 */
export function parseSignatureHeader(header: string | string[] | undefined): Buffer | null {
  if (typeof header !== 'string') return null;
  const value = header.startsWith(PREFIX) ? header.slice(PREFIX.length) : header;
  if (HEX_SHA256.test(value)) return Buffer.from(value, 'hex');
  if (BASE64_SHA256.test(value)) return Buffer.from(value, 'base64');
  return null;
}

export function sign(body: Buffer | string, token: string): Buffer {
  return createHmac('sha256', token).update(body).digest();
}

/**
 * The digests of a body, fed chunk by chunk as it arrives (each chunk is hashed while it is still
 * in the CPU's cache): its HMAC-SHA256 under each active token, and its SHA-256.
 */
export function createBodyDigests(tokens: readonly string[]) {
  const hmacs = tokens.map((token) => createHmac('sha256', token));
  const hash = createHash('sha256');
  return {
    update(chunk: Buffer): void {
      for (const hmac of hmacs) hmac.update(chunk);
      hash.update(chunk);
    },
    /** True when `claimed` is the HMAC under any of the tokens, compared in constant time. */
    signedBy(claimed: Buffer): boolean {
      let matched = false;
      // Every token is checked, so the time taken does not tell which one matched.
      for (const hmac of hmacs) if (timingSafeEqual(hmac.digest(), claimed)) matched = true;
      return matched;
    },
    sha256: (): string => hash.digest('hex'),
  };
}
