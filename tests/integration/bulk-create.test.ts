import { content, entryOf as storedEntry, eventDocument, eventOverRest } from '../helpers/entries';
import { eventually } from '../helpers/http';
import { sendAndSettle } from '../helpers/inbox';
import { startSite, type TestSite } from '../helpers/site';
import { ENTITY_UIDS } from '../../server/src/store/entity-types';
import { mapEvent } from '../../server/src/store/mapping';
import { buildUpdateEvents, exampleEvent } from '../../scripts/samples.mjs';

/**
 * New events are not created one by one through the document service but together, when their
 * batch ends. These tests hold that shortcut to what the document service would have done.
 */
let site: TestSite;

beforeAll(async () => {
  site = await startSite();
});

afterAll(async () => {
  await site?.stop();
});

async function send(message: unknown) {
  expect(await sendAndSettle(site, message)).toMatchObject({ status: 'processed', itemsFailed: 0 });
}

const events = () => site.strapi.documents(ENTITY_UIDS.event as never);
const entryOf = (uid: string, stagerId: string) => storedEntry(site.strapi, uid, stagerId);

it('creates events exactly as the document service creates them', async () => {
  const event = exampleEvent({ id: 'ev-bulk' });
  await send(buildUpdateEvents({ events: [event] }));
  const synced = (await entryOf(ENTITY_UIDS.event, 'ev-bulk'))!;

  const organization = (await entryOf(ENTITY_UIDS.organization, 'org-4512'))!;
  const location = (await entryOf(ENTITY_UIDS.location, event.location.id))!;
  const reference = await events().create({
    data: {
      ...mapEvent(event),
      stagerId: 'ev-reference',
      syncSequence: synced.syncSequence,
      removedAt: null,
      organization: { set: [organization.documentId] },
      location: { set: [location.documentId] },
    } as never,
  });

  // What the Content Manager reads (the document service) and what front ends read (REST).
  const read = (documentId: string) => eventDocument(site.strapi, documentId);
  const [bulk, single] = await Promise.all([
    read(synced.documentId as string),
    read(reference.documentId as string),
  ]);
  expect(content(bulk)).toEqual(content(single));
  expect(bulk).toMatchObject({
    featured: false,
    publishedAt: expect.anything(),
    ticketTypes: [{ stagerId: 'tt-1' }, { stagerId: 'tt-2' }],
  });

  const rest = (documentId: string) => eventOverRest(site, documentId);
  expect(content(await rest(synced.documentId as string))).toEqual(
    content(await rest(reference.documentId as string))
  );

  // Both are in the organisation's list of events, in the order they were created.
  const organizationEvents = await site.strapi
    .documents(ENTITY_UIDS.organization as never)
    .findOne({
      documentId: organization.documentId as string,
      populate: { events: { fields: ['stagerId'] } },
    } as never);
  expect(
    (organizationEvents as unknown as { events: Array<{ stagerId: string }> }).events.map(
      (entry) => entry.stagerId
    )
  ).toEqual(['ev-bulk', 'ev-reference']);
});

it('announces each new event with Strapi’s entry.create event, populated and without private fields', async () => {
  const heard: Array<{ model: string; uid: string; entry: Record<string, unknown> }> = [];
  const listener = (payload: (typeof heard)[number]) => {
    if (payload.uid === ENTITY_UIDS.event) heard.push(payload);
  };
  const stopListening = site.strapi.eventHub.on('entry.create', listener as never);
  try {
    await send(
      buildUpdateEvents({
        events: [exampleEvent({ id: 'ev-announced-1' }), exampleEvent({ id: 'ev-announced-2' })],
      })
    );
    const announced = await eventually(
      async () => (heard.length >= 2 ? heard : null),
      10_000,
      'two entry.create events'
    );
    expect(announced.map((payload) => payload.entry.stagerId).sort()).toEqual([
      'ev-announced-1',
      'ev-announced-2',
    ]);
    expect(announced[0]).toMatchObject({
      model: 'event',
      entry: {
        ticketTypes: [{ price: 2250 }, { price: 1500 }],
        organization: { stagerId: 'org-4512' },
        location: { stagerId: 'loc-77' },
      },
    });
    expect(announced[0].entry).not.toHaveProperty('syncSequence');
  } finally {
    stopListening();
  }
});

it('runs the site’s createMany database lifecycles with the new ids', async () => {
  const created: number[] = [];
  const subscription = site.strapi.db.lifecycles.subscribe({
    models: [ENTITY_UIDS.event],
    afterCreateMany(event: { result: { ids: number[] } }) {
      created.push(...event.result.ids);
    },
  } as never);
  try {
    await send(buildUpdateEvents({ events: [exampleEvent({ id: 'ev-lifecycle' })] }));
  } finally {
    (subscription as unknown as () => void)();
  }
  expect(created).toEqual([(await entryOf(ENTITY_UIDS.event, 'ev-lifecycle'))!.id]);
});

it('creates one event from a message that lists it twice, with its last content', async () => {
  await send(
    buildUpdateEvents({
      events: [
        exampleEvent({ id: 'ev-twice', name: 'First' }),
        exampleEvent({ id: 'ev-twice', name: 'Second' }),
      ],
    })
  );
  const entries = await site.strapi.db
    .query(ENTITY_UIDS.event as never)
    .findMany({ where: { stagerId: 'ev-twice' } });
  expect(entries.map((entry) => entry.name)).toEqual(['Second']);
});
