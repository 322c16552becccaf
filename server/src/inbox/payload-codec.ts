import { promisify } from 'node:util';
import { constants, gunzip, gunzipSync, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Below this size (stored), a payload is decompressed at once: a hand-off would cost more. */
const DECODE_AT_ONCE_BELOW = 16 * 1024;

/**
 * Payloads are kept gzip-compressed as base64 text: feed JSON shrinks about tenfold, which keeps
 * large syncs far below MariaDB's packet limit, and text columns work the same on every database.
 * Compression runs on libuv's thread pool, off the event loop, apart from small payloads' decoding.
 */
export async function encodePayload(body: Buffer): Promise<string> {
  const compressed = await gzipAsync(body, { level: constants.Z_BEST_SPEED });
  return compressed.toString('base64');
}

export async function decodePayload(stored: string): Promise<Buffer> {
  const compressed = Buffer.from(stored, 'base64');
  return stored.length < DECODE_AT_ONCE_BELOW ? gunzipSync(compressed) : gunzipAsync(compressed);
}
