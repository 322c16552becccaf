import { promisify } from 'node:util';
import { constants, gunzip, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * Payloads are kept gzip-compressed as base64 text: feed JSON shrinks about tenfold, which keeps
 * large syncs far below MariaDB's packet limit, and text columns work the same on every database.
 * Compression runs on libuv's thread pool, off the event loop.
 */
export async function encodePayload(body: Buffer): Promise<string> {
  const compressed = await gzipAsync(body, { level: constants.Z_BEST_SPEED });
  return compressed.toString('base64');
}

export async function decodePayload(stored: string): Promise<Buffer> {
  return gunzipAsync(Buffer.from(stored, 'base64'));
}
