import { startSite, type TestSite } from '../helpers/site';
import { eventSchema } from '../../server/src/feed/entities';
import { createEventStore, EVENT_UID } from '../../server/src/store/events';
import { exampleEvent } from '../../scripts/samples.mjs';

let site: TestSite;

beforeAll(async () => {
  site = await startSite();
});

afterAll(async () => {
  await site?.stop();
});

const findEvents = (stagerId: string) =>
  site.strapi.db.query(EVENT_UID as never).findMany({ where: { stagerId } }) as Promise<Array<Record<string, any>>>;

it('never lets an older message overwrite what a newer one wrote', async () => {
  const store = createEventStore(site.strapi);
  const newer = eventSchema.parse(exampleEvent({ id: 'ev-order', name: 'Newer' }));
  const older = eventSchema.parse(exampleEvent({ id: 'ev-order', name: 'Older' }));

  expect(await store.upsert(newer, 'org-4512', 20)).toBe('created');
  expect(await store.upsert(older, 'org-4512', 10)).toBe('skipped');
  expect(await store.upsert(newer, 'org-4512', 20)).toBe('updated');

  const [event] = await findEvents('ev-order');
  expect(event.name).toBe('Newer');
  expect(Number(event.syncSequence)).toBe(20);
});

it('creates one event when several workers write the same new event at once', async () => {
  const store = createEventStore(site.strapi);
  const versions = [1, 2, 3, 4, 5, 6].map((sequence) => ({
    sequence,
    event: eventSchema.parse(exampleEvent({ id: 'ev-race', name: `Version ${sequence}` })),
  }));
  const results = await Promise.all(versions.map(({ event, sequence }) => store.upsert(event, 'org-4512', sequence)));

  expect(results.filter((result) => result === 'created')).toHaveLength(1);
  const events = await findEvents('ev-race');
  expect(events).toHaveLength(1);
});
