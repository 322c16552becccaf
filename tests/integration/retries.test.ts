import { eventually, postSigned } from '../helpers/http';
import { rowWithStatus } from '../helpers/inbox';
import { startSite, type TestSite } from '../helpers/site';
import { ENTITY_UIDS } from '../../server/src/store/entity-types';
import { buildUpdateEvents, exampleEvent } from '../../scripts/samples.mjs';

let site: TestSite;

beforeAll(async () => {
  site = await startSite({ STAGER_ATTEMPTS: '3', STAGER_BACKOFF_MS: '50' });
});

afterAll(async () => {
  await site?.stop();
});

/** Makes the site's own database hooks refuse to write events `times` times (Infinity: always). */
function refuseEventWrites(times: number) {
  let refusals = 0;
  const refuse = () => {
    if (refusals < times) {
      refusals += 1;
      throw new Error('the events table is locked for maintenance');
    }
  };
  return site.strapi.db.lifecycles.subscribe({
    models: [ENTITY_UIDS.event],
    // New events are created one by one (the document service) or together (bulk): refuse both.
    beforeCreate: refuse,
    beforeCreateMany: refuse,
  });
}

const send = async (stagerId: string) => {
  const answer = await postSigned(
    site.webhookUrl,
    buildUpdateEvents({ events: [exampleEvent({ id: stagerId })] }),
    site.token
  );
  expect(answer.status).toBe(202);
  return answer.json.data.id as number;
};

it('retries a transient failure with backoff and then applies the message', async () => {
  // Each attempt tries the batch, then the event alone: two refusals fail one attempt.
  const unsubscribe = refuseEventWrites(4);
  try {
    const id = await send('ev-transient');
    const row = await eventually(
      () => rowWithStatus(site.strapi, id, ['processed', 'failed']),
      20_000,
      'the message to settle'
    );
    expect(row).toMatchObject({ status: 'processed', attempts: 3, itemsProcessed: 1, error: null });
  } finally {
    unsubscribe();
  }
});

it('marks a message failed with its reason after the last attempt, without blocking the next one', async () => {
  const unsubscribe = refuseEventWrites(Infinity);
  let failedId: number;
  try {
    failedId = await send('ev-doomed');
    const row = await eventually(
      () => rowWithStatus(site.strapi, failedId, ['processed', 'failed']),
      20_000,
      'the message to settle'
    );
    expect(row).toMatchObject({
      status: 'failed',
      attempts: 3,
      error: 'the events table is locked for maintenance',
    });
  } finally {
    unsubscribe();
  }
  const nextId = await send('ev-after');
  const next = await eventually(
    () => rowWithStatus(site.strapi, nextId, ['processed', 'failed']),
    20_000,
    'the next message'
  );
  expect(next.status).toBe('processed');
  expect((await rowWithStatus(site.strapi, failedId, ['failed']))!.payload).toEqual(
    expect.any(String)
  );
});
