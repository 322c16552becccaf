import { adminSession } from '../helpers/admin';
import { componentIds, content, entryOf, eventDocument, eventOverRest } from '../helpers/entries';
import { eventually, request } from '../helpers/http';
import { sendAndSettle, type LooseRow } from '../helpers/inbox';
import { startSite, type TestSite } from '../helpers/site';
import { ENTITY_UIDS } from '../../server/src/store/entity-types';
import { mapEvent } from '../../server/src/store/mapping';
import type { JoinTable } from '../../server/src/store/table-layout';
import { buildUpdateEvents, exampleEvent, paviljoen } from '../../scripts/samples.mjs';

/**
 * Changes to existing entries are not written one by one through the document service but
 * together, when their batch ends, in place. These tests hold that shortcut to what the document
 * service would have done, and to what it does better: component ids that survive a sync.
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
const stored = async (uid: string, stagerId: string) =>
  (await entryOf(site.strapi, uid, stagerId))!;
const syncedEvent = async (stagerId: string) =>
  eventDocument(site.strapi, (await stored(ENTITY_UIDS.event, stagerId)).documentId);
const time = (value: string | Date) => new Date(value).getTime();

/** The Stager ids of the events a location or organisation lists, in the list's order. */
async function eventsListedBy(uid: string, stagerId: string): Promise<string[]> {
  const { documentId } = await stored(uid, stagerId);
  const entry = await site.strapi
    .documents(uid as never)
    .findOne({ documentId, populate: { events: { fields: ['stagerId'] } } } as never);
  return (entry as unknown as { events: Array<{ stagerId: string }> }).events.map(
    (event) => event.stagerId
  );
}

/** The example event after a day of changes in Stager: renamed, moved, a ticket sold, an image and a program item fewer, a ticket type more. */
function changedEvent(id: string): ReturnType<typeof exampleEvent> {
  const event = exampleEvent({ id });
  const [regular, student] = event.ticketTypes;
  return {
    ...event,
    name: `${event.name} (extra voorstelling)`,
    location: paviljoen(),
    modifiedAt: '2026-11-28T09:00:00+01:00',
    publicity: {
      ...event.publicity,
      images: [{ ...event.publicity.images[0], alt: 'De Grote Zaal, vol' }],
    },
    programItems: event.programItems.slice(0, 2),
    ticketTypes: [
      { ...regular, available: regular.available - 1 },
      student,
      { ...student, id: 'tt-9', name: 'CJP', price: 1250 },
    ],
    // The samples' type has every field; Stager leaves out what an event lacks.
    eventGroup: undefined as never,
  };
}

type EventTables = { attributes: { location: { joinTable: Required<JoinTable> } } };

/** The positions of the events in a location's list, as stored: 1, 2, 3 … without gaps. */
async function listPositions(locationStagerId: string): Promise<number[]> {
  const links = (site.strapi.db.metadata.get(ENTITY_UIDS.event) as unknown as EventTables)
    .attributes.location.joinTable;
  const { id } = await stored(ENTITY_UIDS.location, locationStagerId);
  const rows = await site.strapi.db
    .connection(links.name)
    .select(links.inverseOrderColumnName)
    .where(links.inverseJoinColumn.name, id)
    .orderBy(links.inverseOrderColumnName);
  return rows.map((row: Record<string, unknown>) => Number(row[links.inverseOrderColumnName]));
}

it('changes an event exactly as the document service changes it, keeping editors’ fields', async () => {
  const original = exampleEvent({ id: 'ev-change' });
  await send(
    buildUpdateEvents({
      events: [
        exampleEvent({ id: 'ev-stays-first' }),
        original,
        exampleEvent({ id: 'ev-stays-last' }),
      ],
    })
  );
  const synced = await stored(ENTITY_UIDS.event, 'ev-change');
  const organization = await stored(ENTITY_UIDS.organization, 'org-4512');
  const relations = async (locationId: string) => ({
    organization: { set: [organization.documentId] },
    location: { set: [(await stored(ENTITY_UIDS.location, locationId)).documentId] },
  });
  const reference = await events().create({
    data: {
      ...mapEvent(original),
      stagerId: 'ev-change-reference',
      syncSequence: synced.syncSequence,
      removedAt: null,
      ...(await relations('loc-77')),
    },
  } as never);
  for (const documentId of [synced.documentId, reference.documentId]) {
    await events().update({
      documentId,
      data: { featured: true, editorialText: 'Tip van de redactie' },
    } as never);
  }
  const before = await eventDocument(site.strapi, synced.documentId);

  const changed = changedEvent('ev-change');
  await send(buildUpdateEvents({ events: [changed] }));
  const { syncSequence } = await stored(ENTITY_UIDS.event, 'ev-change');
  await events().update({
    documentId: reference.documentId,
    data: {
      ...mapEvent(changed),
      stagerId: 'ev-change-reference',
      syncSequence,
      removedAt: null,
      ...(await relations(changed.location.id)),
    },
  } as never);

  const [bulk, single] = await Promise.all([
    eventDocument(site.strapi, synced.documentId),
    eventDocument(site.strapi, reference.documentId),
  ]);
  expect(content(bulk)).toEqual(content(single));
  expect(bulk).toMatchObject({
    name: changed.name,
    featured: true,
    editorialText: 'Tip van de redactie',
    location: { stagerId: 'loc-81' },
    images: [{ alt: 'De Grote Zaal, vol' }],
    ticketTypes: [
      { stagerId: 'tt-1', available: 136 },
      { stagerId: 'tt-2' },
      { stagerId: 'tt-9', name: 'CJP' },
    ],
    eventGroup: null,
  });
  expect(time(bulk.updatedAt)).toBeGreaterThan(time(before.updatedAt));
  expect(content(await eventOverRest(site, synced.documentId))).toEqual(
    content(await eventOverRest(site, reference.documentId))
  );

  // The lists on the other side of the relations, as the document service keeps them.
  expect(await eventsListedBy(ENTITY_UIDS.location, 'loc-77')).toEqual([
    'ev-stays-first',
    'ev-stays-last',
  ]);
  expect(await listPositions('loc-77')).toEqual([1, 2]);
  expect(await eventsListedBy(ENTITY_UIDS.location, 'loc-81')).toEqual([
    'ev-change',
    'ev-change-reference',
  ]);
  expect(await listPositions('loc-81')).toEqual([1, 2]);
  expect(await eventsListedBy(ENTITY_UIDS.organization, 'org-4512')).toEqual([
    'ev-stays-first',
    'ev-change',
    'ev-stays-last',
    'ev-change-reference',
  ]);
});

it('keeps component ids across an unchanged re-send and a change of one field, and updates changed components in place', async () => {
  const event = exampleEvent({ id: 'ev-ids' });
  await send(buildUpdateEvents({ events: [event] }));
  const first = await syncedEvent('ev-ids');
  const ids = componentIds(first);

  await send(buildUpdateEvents({ events: [event] }));
  const resent = await syncedEvent('ev-ids');
  expect(componentIds(resent)).toEqual(ids);
  expect(resent.updatedAt).toEqual(first.updatedAt);

  await send(buildUpdateEvents({ events: [{ ...event, name: 'Een nieuwe naam' }] }));
  const renamed = await syncedEvent('ev-ids');
  expect(componentIds(renamed)).toEqual(ids);
  expect(renamed.name).toBe('Een nieuwe naam');
  expect(time(renamed.updatedAt)).toBeGreaterThan(time(first.updatedAt));

  const sold = {
    ...event,
    ticketTypes: [{ ...event.ticketTypes[0], available: 100 }, event.ticketTypes[1]],
  };
  await send(buildUpdateEvents({ events: [sold] }));
  const afterSale = await syncedEvent('ev-ids');
  expect(componentIds(afterSale)).toEqual(ids);
  expect(afterSale.ticketTypes.map((ticket: { available: number }) => ticket.available)).toEqual([
    100, 0,
  ]);

  const changed = changedEvent('ev-ids');
  await send(buildUpdateEvents({ events: [changed] }));
  const after = componentIds(await syncedEvent('ev-ids'));
  expect(after).toMatchObject({
    mainImage: ids.mainImage,
    images: [ids.images[0]],
    videos: ids.videos,
    programItems: ids.programItems.slice(0, 2),
    eventGroup: null,
  });
  expect(after.ticketTypes.slice(0, 2)).toEqual(ids.ticketTypes);
  expect(after.ticketTypes).toHaveLength(3);
  expect(ids.ticketTypes).not.toContain(after.ticketTypes[2]);

  // Surplus components go with their rows, not only their links.
  const rowsLeft = async (uid: string, removed: number[]) =>
    site.strapi.db.query(uid as never).count({ where: { id: { $in: removed } } });
  expect(await rowsLeft('stager.image', [ids.images[1]])).toBe(0);
  expect(await rowsLeft('stager.program-item', [ids.programItems[2]])).toBe(0);
  expect(await rowsLeft('stager.event-group', [ids.eventGroup])).toBe(0);
});

it('writes only the fields a message changed, and every field again after a save outside the sync', async () => {
  const event = exampleEvent({ id: 'ev-fields' });
  await send(buildUpdateEvents({ events: [event] }));
  const first = await syncedEvent('ev-fields');
  // A price changed in the database behind the sync's back: only a write of the ticket types
  // would bring Stager's back.
  const ticketTable = site.strapi.db.metadata.get('stager.ticket-type').tableName;
  await site.strapi.db
    .connection(ticketTable)
    .where({ id: first.ticketTypes[0].id })
    .update({ price: 1 });

  await send(buildUpdateEvents({ events: [{ ...event, name: 'Alleen de naam' }] }));
  const renamed = await syncedEvent('ev-fields');
  expect(renamed.name).toBe('Alleen de naam');
  expect(renamed.ticketTypes[0].price).toBe(1);

  // A save outside the sync (a site's own code) makes the next message write every field.
  await events().update({
    documentId: renamed.documentId,
    data: { subtitle: 'Een eigen ondertitel' },
  } as never);
  await send(buildUpdateEvents({ events: [{ ...event, name: 'Weer een naam' }] }));
  const rewritten = await syncedEvent('ev-fields');
  expect(rewritten.name).toBe('Weer een naam');
  expect(rewritten.subtitle).toBe(mapEvent(event).subtitle);
  expect(rewritten.ticketTypes[0].price).toBe(event.ticketTypes[0].price);
});

it('runs the updateMany lifecycles and announces each changed entry once, and none that did not change', async () => {
  await send(
    buildUpdateEvents({
      events: [exampleEvent({ id: 'ev-heard-changed' }), exampleEvent({ id: 'ev-heard-same' })],
    })
  );
  const changedId = (await stored(ENTITY_UIDS.event, 'ev-heard-changed')).id;

  const lifecycles: Array<{ action: string; ids: number[]; count?: number; updatedAt?: unknown }> =
    [];
  const subscription = site.strapi.db.lifecycles.subscribe({
    models: [ENTITY_UIDS.event],
    beforeUpdateMany(event: {
      params: { where: { id: { $in: number[] } }; data: Array<Record<string, unknown>> };
    }) {
      lifecycles.push({ action: 'beforeUpdateMany', ids: event.params.where.id.$in });
    },
    afterUpdateMany(event: {
      params: { where: { id: { $in: number[] } }; data: Array<Record<string, unknown>> };
      result: { count: number };
    }) {
      lifecycles.push({
        action: 'afterUpdateMany',
        ids: event.params.where.id.$in,
        count: event.result.count,
        updatedAt: event.params.data[0].updatedAt,
      });
    },
  } as never);
  const heard: Array<{ uid: string; entry: LooseRow }> = [];
  const stopListening = site.strapi.eventHub.on('entry.update', ((
    payload: (typeof heard)[number]
  ) => {
    if (payload.uid === ENTITY_UIDS.event) heard.push(payload);
  }) as never);
  try {
    await send(
      buildUpdateEvents({
        events: [
          exampleEvent({ id: 'ev-heard-changed', name: 'Nu met pauze' }),
          exampleEvent({ id: 'ev-heard-same' }),
        ],
      })
    );
    await eventually(
      async () => (heard.length > 0 ? heard : null),
      10_000,
      'an entry.update event'
    );
    // A message's announcements go out together, after its commit: the same message and a later one are heard in order.
    await send(
      buildUpdateEvents({
        events: [exampleEvent({ id: 'ev-heard-changed', name: 'Nu met twee pauzes' })],
      })
    );
    await eventually(
      async () => (heard.length > 1 ? heard : null),
      10_000,
      'a second entry.update event'
    );
  } finally {
    (subscription as unknown as () => void)();
    stopListening();
  }
  expect(lifecycles.slice(0, 2)).toEqual([
    { action: 'beforeUpdateMany', ids: [changedId] },
    { action: 'afterUpdateMany', ids: [changedId], count: 1, updatedAt: expect.any(Date) },
  ]);
  expect(heard.map(({ entry }) => [entry.stagerId, entry.name])).toEqual([
    ['ev-heard-changed', 'Nu met pauze'],
    ['ev-heard-changed', 'Nu met twee pauzes'],
  ]);
  expect(heard[0].entry).toMatchObject({
    ticketTypes: [{ price: 2250 }, { price: 1500 }],
    location: { stagerId: 'loc-77' },
    organization: { stagerId: 'org-4512' },
  });
  expect(heard[0].entry).not.toHaveProperty('syncSequence');
});

it('brings a removed event back whole, with its editors’ fields and its components', async () => {
  const event = exampleEvent({ id: 'ev-back' });
  await send(buildUpdateEvents({ events: [event] }));
  const { documentId } = await stored(ENTITY_UIDS.event, 'ev-back');
  await events().update({ documentId, data: { featured: true } } as never);
  const ids = componentIds(await eventDocument(site.strapi, documentId));

  await send({
    messageType: 'DELETE_EVENTS',
    messageContent: { organizationId: 'org-4512', eventIds: ['ev-back'] },
  });
  expect((await stored(ENTITY_UIDS.event, 'ev-back')).removedAt).not.toBeNull();
  expect(
    (await request(`${site.baseUrl}/api/stager/events/${documentId}`, { method: 'GET' })).status
  ).toBe(404);

  await send(buildUpdateEvents({ events: [{ ...event, name: 'Terug van weggeweest' }] }));
  const back = await eventDocument(site.strapi, documentId);
  expect(back).toMatchObject({ name: 'Terug van weggeweest', featured: true, removedAt: null });
  expect(componentIds(back)).toEqual(ids);
  expect((await eventOverRest(site, documentId)).name).toBe('Terug van weggeweest');
});

it('saves a Content Manager edit that was opened before a sync changed the event', async () => {
  const event = exampleEvent({ id: 'ev-editor' });
  await send(buildUpdateEvents({ events: [event] }));
  const { documentId } = await stored(ENTITY_UIDS.event, 'ev-editor');
  const editor = await adminSession(site.strapi, site.baseUrl, 'super-admin');
  const path = `/content-manager/collection-types/${ENTITY_UIDS.event}/${documentId}`;

  // The edit view loads the entry; its form holds the components with their ids.
  const opened = await editor.call('GET', path);
  expect(opened.status).toBe(200);
  const form = opened.json.data as LooseRow;
  expect(form.mainImage).toMatchObject({ id: expect.any(Number) });

  const changed = {
    ...event,
    name: 'Gewijzigd in Stager',
    ticketTypes: [{ ...event.ticketTypes[0], available: 99 }, event.ticketTypes[1]],
  };
  await send(buildUpdateEvents({ events: [changed] }));

  // The editor writes a tip and presses Save: the form goes back as it was loaded, relations untouched.
  const { organization: _organization, location: _location, ...fields } = form;
  const saved = await editor.call('PUT', path, { ...fields, editorialText: 'Aanrader!' });
  expect(saved.status).toBe(200);
  // The form's Stager fields are older than the entry's: they are left as the sync wrote them.
  expect(await eventDocument(site.strapi, documentId)).toMatchObject({
    editorialText: 'Aanrader!',
    name: 'Gewijzigd in Stager',
    location: { stagerId: 'loc-77' },
  });

  await send(buildUpdateEvents({ events: [changed] }));
  expect(await eventDocument(site.strapi, documentId)).toMatchObject({
    editorialText: 'Aanrader!',
    name: 'Gewijzigd in Stager',
    ticketTypes: [{ available: 99 }, { available: 0 }],
  });
});
