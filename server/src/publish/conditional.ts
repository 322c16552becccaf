import { createHash } from 'node:crypto';

/**
 * ETag and Last-Modified of a feed from what it is built of, and whether a request's validators
 * let it answer 304 (RFC 9110 §13.2.2: If-None-Match first; If-Modified-Since only without it).
 */

export interface Validators {
  etag: string;
  lastModified: Date;
}

export function validatorsOf(parts: unknown, lastModified: Date): Validators {
  const digest = createHash('sha256')
    .update(JSON.stringify(parts))
    .digest('base64url')
    .slice(0, 27);
  // HTTP dates have whole seconds.
  return {
    etag: `"${digest}"`,
    lastModified: new Date(Math.floor(lastModified.getTime() / 1000) * 1000),
  };
}

const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

export function isNotModified(
  headers: { ifNoneMatch?: string; ifModifiedSince?: string },
  validators: Validators
): boolean {
  if (headers.ifNoneMatch) {
    const tags = headers.ifNoneMatch.split(',').map(opaque);
    return tags.includes('*') || tags.includes(validators.etag);
  }
  if (headers.ifModifiedSince) {
    const since = Date.parse(headers.ifModifiedSince);
    return !Number.isNaN(since) && validators.lastModified.getTime() <= since;
  }
  return false;
}
