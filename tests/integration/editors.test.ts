import qs from 'qs';
import { adminSession, type AdminSession } from '../helpers/admin';
import { request } from '../helpers/http';
import { sendAndSettle } from '../helpers/inbox';
import { bootRefusal } from '../helpers/playground-process';
import { createSiteStorage, startSite, type SiteStorage, type TestSite } from '../helpers/site';
import { ENTITY_UIDS, type EntityType } from '../../server/src/store/entity-types';
import {
  buildUpdateEvents,
  exampleEvent,
  organization,
  paviljoen,
  tolhuistuin,
} from '../../scripts/samples.mjs';

// Editors acting in the Content Manager (its own admin API), and front ends reading REST and
// GraphQL, on a site whose config hands `subtitle` to editors after creation and `genre` always,
// and makes `expectedVisitors` and ticket totals public.
const FIELD_AUTHORITY = { event: { subtitle: 'once', genre: 'editor' } };
const PUBLIC_FIELDS = { event: { expectedVisitors: true }, ticketType: { total: true } };

let site: TestSite;
let editor: AdminSession;

beforeAll(async () => {
  site = await startSite({
    STAGER_FIELD_AUTHORITY: JSON.stringify(FIELD_AUTHORITY),
    STAGER_PUBLIC_FIELDS: JSON.stringify(PUBLIC_FIELDS),
  });
  editor = await adminSession(site.strapi, site.baseUrl, 'super-admin');
});

afterAll(async () => {
  await site?.stop();
});

const EVENTS_CM = `/content-manager/collection-types/${ENTITY_UIDS.event}`;

const send = (message: unknown) => sendAndSettle(site, message);
const sendEvent = (event: ReturnType<typeof exampleEvent>) =>
  send(buildUpdateEvents({ events: [event] }));
const sync = (events: Array<ReturnType<typeof exampleEvent>>) =>
  send({
    messageType: 'ORGANIZATION_SYNC',
    messageContent: { organization: organization(), locations: [], events },
  });

async function documentIdOf(stagerId: string, type: EntityType = 'event'): Promise<string> {
  const entry = await site.strapi.db
    .query(ENTITY_UIDS[type] as never)
    .findOne({ where: { stagerId }, select: ['documentId'] });
  return entry!.documentId as string;
}

/** The event as the Content Manager's edit view loads it. */
async function inContentManager(stagerId: string) {
  const answer = await editor.call('GET', `${EVENTS_CM}/${await documentIdOf(stagerId)}`);
  expect(answer.status).toBe(200);
  return answer.json.data as Record<string, unknown>;
}

/** What an editor saves in the Content Manager's edit view. */
const saveInContentManager = async (stagerId: string, data: Record<string, unknown>) =>
  editor.call('PUT', `${EVENTS_CM}/${await documentIdOf(stagerId)}`, data);

async function deleteInContentManager(type: EntityType, stagerId: string) {
  const answer = await editor.call(
    'DELETE',
    `/content-manager/collection-types/${ENTITY_UIDS[type]}/${await documentIdOf(stagerId, type)}`
  );
  expect(answer.status).toBe(200);
}

async function editInContentManager(stagerId: string, data: Record<string, unknown>) {
  const answer = await saveInContentManager(stagerId, data);
  expect(answer.status).toBe(200);
}

const DOCUMENT_META = [
  'id',
  'documentId',
  'createdAt',
  'updatedAt',
  'publishedAt',
  'createdBy',
  'updatedBy',
  'locale',
  'localizations',
];

/**
 * The whole form the edit view sends on Save, as the Content Manager builds it from the loaded
 * entry: meta fields and empty values left out, each relation an empty change unless edited.
 */
async function contentManagerForm(stagerId: string) {
  const loaded = await inContentManager(stagerId);
  const relations = Object.entries(
    site.strapi.contentType(ENTITY_UIDS.event as never).attributes as Record<
      string,
      { type: string }
    >
  )
    .filter(([, attribute]) => attribute.type === 'relation')
    .map(([field]) => field);
  return Object.fromEntries(
    Object.entries(loaded)
      .filter(([field, value]) => !DOCUMENT_META.includes(field) && value !== null)
      .map(([field, value]) => [
        field,
        relations.includes(field) ? { connect: [], disconnect: [] } : value,
      ])
  ) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function overRest(query: object) {
  const answer = await request(
    `${site.baseUrl}/api/stager/events?${qs.stringify(query, { encodeValuesOnly: true })}`,
    { method: 'GET' }
  );
  expect(answer.status).toBe(200);
  return answer.json.data as Array<Record<string, unknown>>;
}
const restEvent = async (stagerId: string) =>
  (await overRest({ filters: { stagerId: { $eq: stagerId } }, populate: '*' }))[0];

async function graphql(query: string) {
  const answer = await request(`${site.baseUrl}/graphql`, {
    body: JSON.stringify({ query }),
    headers: { 'content-type': 'application/json' },
  });
  expect(answer.status).toBeLessThan(500);
  return answer.json as { data?: Record<string, unknown>; errors?: Array<{ message: string }> };
}

describe('field authority', () => {
  it('keeps an editor’s value of a `once` field through UPDATE_EVENTS and ORGANIZATION_SYNC', async () => {
    await sendEvent(exampleEvent({ id: 'ev-once', subtitle: 'From Stager' }));
    expect((await inContentManager('ev-once')).subtitle).toBe('From Stager');

    await editInContentManager('ev-once', { subtitle: 'Our own subtitle' });
    await sendEvent(exampleEvent({ id: 'ev-once', subtitle: 'Changed in Stager' }));
    expect((await inContentManager('ev-once')).subtitle).toBe('Our own subtitle');

    await sync([exampleEvent({ id: 'ev-once', subtitle: 'Nightly sync' })]);
    expect((await inContentManager('ev-once')).subtitle).toBe('Our own subtitle');
  });

  it('never writes an `editor` field, not even when the event is created', async () => {
    await sendEvent(exampleEvent({ id: 'ev-editor', publicity: { genre: 'Pop' } }));
    expect((await inContentManager('ev-editor')).genre).toBeNull();

    await editInContentManager('ev-editor', { genre: 'Jazz' });
    await sendEvent(exampleEvent({ id: 'ev-editor', publicity: { genre: 'Rock' } }));
    await sync([exampleEvent({ id: 'ev-editor', publicity: { genre: 'Punk' } })]);
    expect((await inContentManager('ev-editor')).genre).toBe('Jazz');
    expect((await restEvent('ev-editor')).genre).toBe('Jazz');
  });

  it('lets a `stager` field follow Stager, and refuses an editor’s change to it', async () => {
    await sendEvent(exampleEvent({ id: 'ev-stager', name: 'First name' }));
    const refused = await saveInContentManager('ev-stager', { name: 'Edited here' });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toContain('Stager writes "Name"');
    expect(refused.json.error.message).toContain('set its field authority to "once" or "editor"');
    expect(refused.json.error.details.errors).toEqual([
      expect.objectContaining({ path: ['name'] }),
    ]);
    expect((await inContentManager('ev-stager')).name).toBe('First name');
    await sendEvent(exampleEvent({ id: 'ev-stager', name: 'Renamed in Stager' }));
    expect((await inContentManager('ev-stager')).name).toBe('Renamed in Stager');
    // `raw` keeps what Stager sent, whatever the authority of the fields.
    expect((await inContentManager('ev-editor')).raw).toMatchObject({
      publicity: { genre: 'Punk' },
    });
  });

  it('creates an entry deleted in the Content Manager again at the next message about it, even an identical one', async () => {
    const event = exampleEvent({
      id: 'ev-deleted',
      location: { ...tolhuistuin(), id: 'loc-deleted' },
    });
    await sendEvent(event);
    await deleteInContentManager('event', 'ev-deleted');
    expect(await restEvent('ev-deleted')).toBeUndefined();
    await sendEvent(event);
    expect(await restEvent('ev-deleted')).toMatchObject({ name: event.name });

    // Its events point at the location created again.
    await deleteInContentManager('location', 'loc-deleted');
    expect((await restEvent('ev-deleted')).location).toBeNull();
    await sendEvent(event);
    expect((await restEvent('ev-deleted')).location).toMatchObject({ stagerId: 'loc-deleted' });
  });
});

describe('settings table', () => {
  it('shows each mapped field with its authority, read-only where the config sets it', async () => {
    const answer = await editor.call('GET', '/stager/settings');
    expect(answer.status).toBe(200);
    const events = answer.json.data.fieldAuthority.event as Array<Record<string, unknown>>;
    expect(events.find(({ field }) => field === 'subtitle')).toEqual({
      field: 'subtitle',
      authority: 'once',
      source: 'config',
      readOnly: true,
    });
    expect(events.find(({ field }) => field === 'name')).toEqual({
      field: 'name',
      authority: 'stager',
      source: 'default',
      readOnly: false,
    });
    expect(events.map(({ field }) => field)).not.toContain('stagerId');
    expect(events.map(({ field }) => field)).not.toContain('raw');
  });

  it('refuses to change a field the config sets, and applies a choice made in the table', async () => {
    const refused = await editor.call('PUT', '/stager/settings', {
      fieldAuthority: { event: { genre: 'stager' } },
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('event.genre set by the site configuration');

    const unknown = await editor.call('PUT', '/stager/settings', {
      fieldAuthority: { event: { stagerId: 'editor' } },
    });
    expect(unknown.status).toBe(400);

    const saved = await editor.call('PUT', '/stager/settings', {
      fieldAuthority: { event: { ticketShopUrl: 'editor' } },
    });
    expect(saved.status).toBe(200);
    expect(
      (saved.json.data.fieldAuthority.event as Array<Record<string, unknown>>).find(
        ({ field }) => field === 'ticketShopUrl'
      )
    ).toMatchObject({ authority: 'editor', source: 'admin', readOnly: false });

    await sendEvent(
      exampleEvent({ id: 'ev-table', publicity: { ticketShopUrl: 'https://tickets.example/1' } })
    );
    await editInContentManager('ev-table', { ticketShopUrl: 'https://our-shop.example/1' });
    await sendEvent(
      exampleEvent({ id: 'ev-table', publicity: { ticketShopUrl: 'https://tickets.example/2' } })
    );
    expect((await inContentManager('ev-table')).ticketShopUrl).toBe('https://our-shop.example/1');

    const back = await editor.call('PUT', '/stager/settings', {
      fieldAuthority: { event: { ticketShopUrl: 'stager' } },
    });
    expect(back.status).toBe(200);
    // The same message as before: the changed authority makes it write again.
    await sendEvent(
      exampleEvent({ id: 'ev-table', publicity: { ticketShopUrl: 'https://tickets.example/2' } })
    );
    expect((await inContentManager('ev-table')).ticketShopUrl).toBe('https://tickets.example/2');
  });
});

describe('review and hiding', () => {
  afterEach(() => site.setOption('newEvents', 'publish'));

  it('keeps a new event off the site until an editor shows it; Stager’s changes then reach the site', async () => {
    site.setOption('newEvents', 'review');
    await sendEvent(exampleEvent({ id: 'ev-review', name: 'Awaiting review' }));

    expect(await inContentManager('ev-review')).toMatchObject({
      name: 'Awaiting review',
      hidden: true,
    });
    expect(await restEvent('ev-review')).toBeUndefined();
    const before = await graphql(
      '{ stagerEvents(filters: { stagerId: { eq: "ev-review" } }) { name } }'
    );
    expect(before.data?.stagerEvents).toEqual([]);

    await editInContentManager('ev-review', { hidden: false });
    expect(await restEvent('ev-review')).toMatchObject({ name: 'Awaiting review' });

    await sendEvent(exampleEvent({ id: 'ev-review', name: 'Reviewed, then renamed' }));
    expect(await restEvent('ev-review')).toMatchObject({ name: 'Reviewed, then renamed' });
    const after = await graphql(
      '{ stagerEvents(filters: { stagerId: { eq: "ev-review" } }) { name } }'
    );
    expect(after.data?.stagerEvents).toEqual([{ name: 'Reviewed, then renamed' }]);
  });

  it('publishes new events at once by default', async () => {
    await sendEvent(exampleEvent({ id: 'ev-published' }));
    expect(await restEvent('ev-published')).toMatchObject({ stagerId: 'ev-published' });
  });

  it('keeps a hidden event off the site and hidden through later messages, with all its fields', async () => {
    await sendEvent(exampleEvent({ id: 'ev-hidden', name: 'To be hidden' }));
    await editInContentManager('ev-hidden', { hidden: true });
    expect(await restEvent('ev-hidden')).toBeUndefined();
    const single = await request(
      `${site.baseUrl}/api/stager/events/${await documentIdOf('ev-hidden')}`,
      { method: 'GET' }
    );
    expect(single.status).toBe(404);

    await sendEvent(exampleEvent({ id: 'ev-hidden', name: 'Changed while hidden' }));
    await send({
      messageType: 'DELETE_EVENTS',
      messageContent: { organizationId: organization().id, eventIds: ['ev-hidden'] },
    });
    await sync([exampleEvent({ id: 'ev-hidden', name: 'Back in the sync' })]);

    expect(await restEvent('ev-hidden')).toBeUndefined();
    const graph = await graphql(
      '{ stagerEvents(filters: { stagerId: { eq: "ev-hidden" } }) { name } }'
    );
    expect(graph.data?.stagerEvents).toEqual([]);
    expect(await inContentManager('ev-hidden')).toMatchObject({
      name: 'Back in the sync',
      hidden: true,
      removedAt: null,
    });
  });
});

describe('what the public API shows', () => {
  const stagerEvent = () =>
    exampleEvent({
      id: 'ev-private',
      accountingId: 'ACC-77',
      memberLink: 'https://members.example/77',
      expectedVisitors: 400,
      ticketTypes: [
        { id: 't1', name: 'Regular', price: 2500, currency: 'EUR', total: 300, reserved: 20 },
      ],
    });

  it('leaves private fields out of REST with populate=* and out of GraphQL', async () => {
    await sendEvent(stagerEvent());
    const event = await restEvent('ev-private');
    expect(event).toMatchObject({ stagerId: 'ev-private', expectedVisitors: 400 });
    for (const field of ['raw', 'syncSequence', 'accountingId', 'memberLink'])
      expect(event).not.toHaveProperty(field);
    const [ticket] = event.ticketTypes as Array<Record<string, unknown>>;
    expect(ticket).toMatchObject({ name: 'Regular', total: 300 });
    expect(ticket).not.toHaveProperty('reserved');

    const visible = await graphql(
      '{ stagerEvents(filters: { stagerId: { eq: "ev-private" } }) { expectedVisitors ticketTypes { total } } }'
    );
    expect(visible.errors).toBeUndefined();
    expect(visible.data?.stagerEvents).toEqual([
      { expectedVisitors: 400, ticketTypes: [{ total: 300 }] },
    ]);
    for (const field of ['raw', 'accountingId', 'memberLink']) {
      const hidden = await graphql(
        `{ stagerEvents(filters: { stagerId: { eq: "ev-private" } }) { ${field} } }`
      );
      expect(hidden.errors?.[0].message).toContain(`Cannot query field "${field}"`);
    }
    const reserved = await graphql('{ stagerEvents { ticketTypes { reserved } } }');
    expect(reserved.errors?.[0].message).toContain('Cannot query field "reserved"');
  });

  it('shows private fields to editors in the Content Manager', async () => {
    expect(await inContentManager('ev-private')).toMatchObject({
      accountingId: 'ACC-77',
      memberLink: 'https://members.example/77',
      raw: expect.objectContaining({ id: 'ev-private' }),
      ticketTypes: [expect.objectContaining({ total: 300, reserved: 20 })],
    });
  });
});

describe('the Content Manager', () => {
  it('shows the event’s Stager status under its own name, with its value', async () => {
    await sendEvent(exampleEvent({ id: 'ev-cancelled', status: 'CANCELLED' }));
    const event = await inContentManager('ev-cancelled');
    expect(event.eventStatus).toBe('CANCELLED');
    expect(event).not.toHaveProperty('status', 'CANCELLED');
    expect((await restEvent('ev-cancelled')).eventStatus).toBe('CANCELLED');
  });

  it('lays out the plugin’s types for editors: title, list columns, labels, who writes what', async () => {
    const answer = await editor.call(
      'GET',
      `/content-manager/content-types/${ENTITY_UIDS.event}/configuration`
    );
    expect(answer.status).toBe(200);
    const { settings, layouts, metadatas } = answer.json.data.contentType;
    expect(settings).toMatchObject({ mainField: 'name', defaultSortBy: 'start' });
    expect(layouts.list).toEqual([
      'name',
      'start',
      'location',
      'eventStatus',
      'featured',
      'hidden',
    ]);
    const editOrder = (layouts.edit as Array<Array<{ name: string }>>)
      .flat()
      .map(({ name }) => name);
    expect(editOrder.slice(0, 3)).toEqual(['hidden', 'featured', 'editorialText']);
    expect(editOrder.at(-1)).toBe('raw');
    expect(editOrder).not.toContain('syncSequence');
    expect(metadatas.eventStatus.edit).toMatchObject({ label: 'Stager status', editable: false });
    expect(metadatas.name.edit.description).toContain('every message overwrites it');
    expect(metadatas.subtitle.edit).toMatchObject({ editable: true });
    expect(metadatas.subtitle.edit.description).toContain('after that it is yours');
    expect(metadatas.genre.edit.description).toContain('Stager never writes it');
    expect(metadatas.location.list.mainField).toBe('name');

    for (const uid of [ENTITY_UIDS.location, ENTITY_UIDS.organization]) {
      const type = await editor.call('GET', `/content-manager/content-types/${uid}/configuration`);
      expect(type.json.data.contentType.settings.mainField).toBe('name');
    }
  });

  it('leaves a layout the site changed as the site left it', async () => {
    const path = `/content-manager/content-types/${ENTITY_UIDS.organization}/configuration`;
    const { contentType } = (await editor.call('GET', path)).json.data;
    const changed = await editor.call('PUT', path, {
      settings: { ...contentType.settings, mainField: 'website' },
      // As the Content Manager's form sends them: a relation's list title is the edit view's.
      metadatas: Object.fromEntries(
        Object.entries(
          contentType.metadatas as Record<string, { edit: object; list: { mainField?: unknown } }>
        ).map(
          ([
            field,
            {
              edit,
              list: { mainField: _derived, ...list },
            },
          ]) => [field, { edit, list }]
        )
      ),
      layouts: contentType.layouts,
    });
    expect(changed.status).toBe(200);

    // A change of authority re-applies the plugin's layouts where the site left them alone.
    const saved = await editor.call('PUT', '/stager/settings', {
      fieldAuthority: { organization: { phone: 'once' } },
    });
    expect(saved.status).toBe(200);
    const organizations = (await editor.call('GET', path)).json.data.contentType;
    expect(organizations.settings.mainField).toBe('website');
    expect(organizations.metadatas.phone.edit.description).not.toContain('after that it is yours');
    const events = (
      await editor.call('GET', `/content-manager/content-types/${ENTITY_UIDS.event}/configuration`)
    ).json.data.contentType;
    expect(events.settings.mainField).toBe('name');
  });
});

describe('what Stager owns, in the Content Manager', () => {
  it('saves a form sent back unchanged, and the editor’s own fields in it', async () => {
    await sendEvent(exampleEvent({ id: 'ev-form' }));
    const form = await contentManagerForm('ev-form');
    expect(form).toHaveProperty('ticketTypes');
    expect((await saveInContentManager('ev-form', form)).status).toBe(200);
    const edited = await saveInContentManager('ev-form', {
      ...form,
      editorialText: 'Our pick of the week',
      featured: true,
    });
    expect(edited.status).toBe(200);
    expect(await inContentManager('ev-form')).toMatchObject({
      editorialText: 'Our pick of the week',
      featured: true,
      name: exampleEvent().name,
    });
  });

  it('refuses a change to a Stager-owned component, naming it and how to take it over', async () => {
    const form = await contentManagerForm('ev-form');
    const [first, ...rest] = form.ticketTypes as Array<Record<string, unknown>>;
    const answer = await saveInContentManager('ev-form', {
      ...form,
      editorialText: 'Changed together with the prices',
      ticketTypes: [{ ...first, price: 1 }, ...rest],
    });
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toContain('Stager writes "Tickets and prices"');
    expect(answer.json.error.message).toContain('What the sync owns');
    const stored = await inContentManager('ev-form');
    expect(stored.editorialText).toBe('Our pick of the week');
    expect((stored.ticketTypes as Array<{ price: number }>)[0].price).toBe(first.price);

    const removed = await saveInContentManager('ev-form', { ...form, mainImage: null });
    expect(removed.status).toBe(400);
    expect(removed.json.error.message).toContain('"Main image"');
  });

  it('refuses a change to the location or organisation, which always follow Stager', async () => {
    await sendEvent(exampleEvent({ id: 'ev-elsewhere', location: paviljoen() }));
    const elsewhere = await site.strapi.db
      .query(ENTITY_UIDS.location as never)
      .findOne({ where: { stagerId: paviljoen().id }, select: ['documentId'] });
    const answer = await saveInContentManager('ev-form', {
      ...(await contentManagerForm('ev-form')),
      location: { connect: [{ documentId: elsewhere!.documentId }], disconnect: [] },
    });
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toContain('"Location" always follows Stager');
    expect(
      await site.strapi.db.query(ENTITY_UIDS.event as never).findOne({
        where: { stagerId: 'ev-form' },
        populate: { location: true },
      })
    ).toMatchObject({ location: { stagerId: 'loc-77' } });
  });

  it('leaves fields set to `once` or `editor` editable', async () => {
    const answer = await saveInContentManager('ev-form', {
      ...(await contentManagerForm('ev-form')),
      subtitle: 'Ours now',
      genre: 'Ours too',
    });
    expect(answer.status).toBe(200);
    expect(await inContentManager('ev-form')).toMatchObject({
      subtitle: 'Ours now',
      genre: 'Ours too',
    });
  });

  it('shows relations and Stager-owned components locked in the edit view', async () => {
    const event = (
      await editor.call('GET', `/content-manager/content-types/${ENTITY_UIDS.event}/configuration`)
    ).json.data;
    const { metadatas } = event.contentType;
    for (const field of ['location', 'organization', 'ticketTypes', 'mainImage', 'programItems'])
      expect(metadatas[field].edit.editable).toBe(false);
    for (const field of ['subtitle', 'genre', 'editorialText'])
      expect(metadatas[field].edit.editable).toBe(true);
    const ticketType = event.components['stager.ticket-type'];
    expect(ticketType.metadatas.price.edit.editable).toBe(false);
  });
});

describe('configuration at boot', () => {
  let storage: SiteStorage;
  beforeAll(async () => {
    storage = await createSiteStorage();
  });
  afterAll(() => storage?.remove());

  it.each([
    ['STAGER_FIELD_AUTHORITY', '{"event":{"nope":"once"}}', '"nope"'],
    ['STAGER_FIELD_AUTHORITY', '{"venue":{"name":"once"}}', '"venue"'],
    ['STAGER_FIELD_AUTHORITY', '{"event":{"name":"editor"}}', 'a new event needs its name'],
    [
      'STAGER_FIELD_AUTHORITY',
      '{"event":{"subtitle":"sometimes"}}',
      'fieldAuthority.event.subtitle',
    ],
    ['STAGER_FIELD_AUTHORITY', 'not json', 'STAGER_FIELD_AUTHORITY: expected JSON'],
    ['STAGER_PUBLIC_FIELDS', '{"event":{"secret":true}}', '"secret"'],
    ['STAGER_NEW_EVENTS', 'draft', 'option "newEvents" (STAGER_NEW_EVENTS)'],
  ])('refuses %s=%s, naming what is wrong', async (variable, value, named) => {
    expect(await bootRefusal(storage, { [variable]: value })).toContain(named);
  });
});
