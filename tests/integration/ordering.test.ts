import { messageApplier } from '../helpers/apply';
import { checkReceiptOrder, publicState } from '../helpers/receipt-order';
import { startSite, type TestSite } from '../helpers/site';
import { ENTITY_UIDS } from '../../server/src/store/entity-types';
import { buildUpdateEvents, exampleEvent } from '../../scripts/samples.mjs';

let site: TestSite;
let apply: ReturnType<typeof messageApplier>;

beforeAll(async () => {
  site = await startSite({ STAGER_WORKER: 'false' });
  apply = messageApplier(site.strapi);
});

afterAll(async () => {
  await site?.stop();
});

const query = (type: keyof typeof ENTITY_UIDS) => site.strapi.db.query(ENTITY_UIDS[type] as never);

it('never lets an older message overwrite what a newer one wrote', async () => {
  await apply(buildUpdateEvents({ events: [exampleEvent({ id: 'ev-order', name: 'Newer' })] }), 20);
  await apply(buildUpdateEvents({ events: [exampleEvent({ id: 'ev-order', name: 'Older' })] }), 10);
  const event = await query('event').findOne({ where: { stagerId: 'ev-order' } });
  expect(event).toMatchObject({ name: 'Newer', syncSequence: expect.anything() });
  expect(Number(event!.syncSequence)).toBe(20);
});

it('never lets an older update bring back what a newer delete removed', async () => {
  await apply(
    {
      messageType: 'DELETE_EVENTS',
      messageContent: { organizationId: 'org-4512', eventIds: ['ev-gone'] },
    },
    30
  );
  await apply(buildUpdateEvents({ events: [exampleEvent({ id: 'ev-gone' })] }), 25);
  expect(
    await query('event').findOne({ where: { stagerId: 'ev-gone', removedAt: { $null: true } } })
  ).toBeNull();
});

it('creates one entry when several workers write the same new event at once', async () => {
  const versions = [41, 42, 43, 44, 45, 46];
  await Promise.all(
    versions.map((sequence) =>
      apply(
        buildUpdateEvents({
          events: [exampleEvent({ id: 'ev-race', name: `Version ${sequence}` })],
        }),
        sequence
      )
    )
  );
  const events = await query('event').findMany({ where: { stagerId: 'ev-race' } });
  expect(events).toHaveLength(1);
  expect(events[0].name).toBe('Version 46');
});

it('keeps the last of several versions of one location in a message, even one seen before', async () => {
  const version = (name: string) => ({ id: 'loc-repeated', name });
  await apply(
    buildUpdateEvents({
      events: [
        exampleEvent({ id: 'ev-rep-1', location: version('First') }),
        exampleEvent({ id: 'ev-rep-2', location: version('Second') }),
        exampleEvent({ id: 'ev-rep-3', location: version('First') }),
      ],
    }),
    50
  );
  const location = await query('location').findOne({ where: { stagerId: 'loc-repeated' } });
  expect(location?.name).toBe('First');
});

it('leaves a once field as its creator wrote it when a later message is committed with it', async () => {
  const once = messageApplier(site.strapi, { fieldAuthority: { event: { name: 'once' } } });
  const named = (name: string) =>
    buildUpdateEvents({ events: [exampleEvent({ id: 'ev-once-grouped', name })] });
  // The first transaction runs alone; the two asked for while it runs are committed together.
  await Promise.all([
    once(buildUpdateEvents({ events: [exampleEvent({ id: 'ev-once-first' })] }), 60),
    once(named('Created'), 61),
    once(named('Renamed later'), 62),
  ]);
  const event = await query('event').findOne({ where: { stagerId: 'ev-once-grouped' } });
  expect(event).toMatchObject({ name: 'Created', syncSequence: expect.anything() });
  expect(Number(event!.syncSequence)).toBe(62);
});

it('reaches the same public state in receipt order and shuffled with concurrency', async () => {
  await checkReceiptOrder(
    site.strapi,
    async (inOrder, shuffled) => {
      expect(await publicState(site.strapi, shuffled)).toEqual(
        await publicState(site.strapi, inOrder)
      );
    },
    40
  );
}, 240_000);
