import { createHash } from 'node:crypto';

/** A digest of what a message would write to an entity: equal digests mean nothing would change. */
export const contentHash = (...parts: unknown[]): string =>
  createHash('sha1').update(JSON.stringify(parts)).digest('hex');
