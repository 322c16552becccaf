import { buildUpdateEvents, exampleEvent } from '../../scripts/samples.mjs';
import { signBody } from '../../scripts/sign.mjs';

/**
 * An `UPDATE_EVENTS` message of realistic events (about 2.8 KB each) of at least `bytes` bytes,
 * and its signature under `token`.
 */
export function signedMessageOfSize(bytes, token) {
  const events = [];
  let body = Buffer.alloc(0);
  while (body.length < bytes) {
    const missing = Math.ceil((bytes - body.length) / 2_800);
    for (let i = 0; i < missing; i++)
      events.push(exampleEvent({ id: `bench-${events.length}`, name: `Event ${events.length}` }));
    body = Buffer.from(JSON.stringify(buildUpdateEvents({ events })));
  }
  return { body, signature: signBody(body, token) };
}
