import qs from 'qs';
import { eventually, postSigned, request } from '../helpers/http';
import { rowWithStatus, sendAndSettle } from '../helpers/inbox';
import { startSite, type TestSite } from '../helpers/site';
import { ENTITY_UIDS } from '../../server/src/store/entity-types';
import {
  buildUpdateEvents,
  exampleEvent,
  organization,
  tolhuistuin,
} from '../../scripts/samples.mjs';

let site: TestSite;

beforeAll(async () => {
  site = await startSite();
});

afterAll(async () => {
  await site?.stop();
});

const send = (message: unknown) => sendAndSettle(site, message);

const get = async (path: string, query: object = {}) => {
  const answer = await request(
    `${site.baseUrl}${path}?${qs.stringify(query, { encodeValuesOnly: true })}`,
    { method: 'GET' }
  );
  return answer;
};
const eventEntry = (stagerId: string) =>
  site.strapi.db.query(ENTITY_UIDS.event as never).findOne({ where: { stagerId } });

/** What an editor does in the Content Manager: fills the fields the sync does not own. */
async function editEvent(stagerId: string) {
  const entry = await eventEntry(stagerId);
  await site.strapi.documents(ENTITY_UIDS.event as never).update({
    documentId: entry!.documentId as string,
    data: {
      featured: true,
      editorialText: 'Our pick of the month',
      siteNote: 'Wheelchair access via the side door',
    } as never,
  });
}
const editorFields = async (stagerId: string) => {
  const entry = await eventEntry(stagerId);
  return {
    featured: entry!.featured,
    editorialText: entry!.editorialText,
    siteNote: entry!.siteNote,
  };
};
const EDITED = {
  featured: true,
  editorialText: 'Our pick of the month',
  siteNote: 'Wheelchair access via the side door',
};

describe('each message type', () => {
  it('UPDATE_LOCATIONS creates locations with their spaces and organisation, unknown fields kept in raw', async () => {
    const location = { ...tolhuistuin(), id: 'loc-t1', accessibility: { stepFree: true } };
    const row = await send({
      messageType: 'UPDATE_LOCATIONS',
      messageContent: { organization: organization(), locations: [location] },
    });
    expect(row).toMatchObject({ status: 'processed', itemsProcessed: 1 });

    const { json } = await get('/api/stager/locations', {
      filters: { stagerId: 'loc-t1' },
      populate: ['spaces', 'organization'],
    });
    expect(json.data[0]).toMatchObject({
      name: 'Tolhuistuin',
      city: 'Amsterdam',
      country: 'NL',
      latitude: location.latitude,
      spaces: location.spaces.map((space: { id: string; name: string }) => ({
        stagerId: space.id,
        name: space.name,
      })),
      organization: { stagerId: 'org-4512' },
    });
    // `raw` is private: editors see it, front ends do not.
    expect(json.data[0]).not.toHaveProperty('raw');
    const entry = await site.strapi.db
      .query(ENTITY_UIDS.location as never)
      .findOne({ where: { stagerId: 'loc-t1' } });
    expect(entry!.raw.accessibility).toEqual({ stepFree: true });
  });

  it('UPDATE_ORGANIZATION creates or updates the organisation with its logo', async () => {
    const org = { ...organization(), id: 'org-t2', name: 'De Oude Zaal', vatNumber: 'NL001' };
    await send({ messageType: 'UPDATE_ORGANIZATION', messageContent: { organization: org } });
    await send({
      messageType: 'UPDATE_ORGANIZATION',
      messageContent: { organization: { ...org, name: 'De Nieuwe Zaal' } },
    });
    const { json } = await get('/api/stager/organizations', {
      filters: { stagerId: 'org-t2' },
      populate: ['logo'],
    });
    expect(json.data).toHaveLength(1);
    expect(json.data[0]).toMatchObject({
      name: 'De Nieuwe Zaal',
      logo: { url: org.logo.url, width: 512 },
    });
    const entry = await site.strapi.db
      .query(ENTITY_UIDS.organization as never)
      .findOne({ where: { stagerId: 'org-t2' } });
    expect(entry!.raw).toMatchObject({ vatNumber: 'NL001' });
  });

  it('UPDATE_EVENTS keeps money in cents, the program, the images and the event group', async () => {
    const event = exampleEvent({ id: 'ev-t3' });
    await send(buildUpdateEvents({ events: [event] }));
    const { json } = await get('/api/stager/events', {
      filters: { stagerId: 'ev-t3' },
      populate: ['ticketTypes', 'programItems', 'mainImage', 'images', 'videos', 'eventGroup'],
    });
    const entry = json.data[0];
    expect(entry.ticketTypes.map((t: { price: number }) => t.price)).toEqual(
      event.ticketTypes.map((t: { price: number }) => t.price)
    );
    expect(entry.ticketTypes[0]).toMatchObject({
      stagerId: event.ticketTypes[0].id,
      webFee: event.ticketTypes[0].webFee,
      currency: 'EUR',
    });
    expect(entry.programItems).toHaveLength(event.programItems.length);
    expect(entry.mainImage.url).toBe(event.publicity.mainImage.url);
    expect(entry.images).toHaveLength(event.publicity.images.length);
    expect(entry.videos).toHaveLength(event.publicity.videos.length);
    expect(entry.tags).toEqual(event.publicity.tags);
    if (event.eventGroup) expect(entry.eventGroup).toMatchObject({ stagerId: event.eventGroup.id });
  });

  it('records each bad item with its path and applies the rest', async () => {
    const row = await send({
      messageType: 'UPDATE_LOCATIONS',
      messageContent: {
        organization: organization(),
        locations: [{ id: 'loc-ok', name: 'Fine' }, { id: 'loc-bad' }, { name: 'No id' }],
      },
    });
    expect(row).toMatchObject({ status: 'processed', itemsProcessed: 1, itemsFailed: 2 });
    expect(row.error).toMatch(/^processed with 2 item error\(s\)/);
    expect(row.itemErrors.map((e: { path: string }) => e.path)).toEqual([
      'messageContent.locations[1].name',
      'messageContent.locations[2].id',
    ]);
  });

  it('DELETE_LOCATIONS hides the location and leaves events linked to it', async () => {
    await send(
      buildUpdateEvents({
        events: [exampleEvent({ id: 'ev-t5', location: { ...tolhuistuin(), id: 'loc-t5' } })],
      })
    );
    await send({
      messageType: 'DELETE_LOCATIONS',
      messageContent: { organizationId: 'org-4512', locationIds: ['loc-t5'] },
    });
    expect(
      (await get('/api/stager/locations', { filters: { stagerId: 'loc-t5' } })).json.data
    ).toEqual([]);
    const event = await site.strapi.db
      .query(ENTITY_UIDS.event as never)
      .findOne({ where: { stagerId: 'ev-t5' }, populate: ['location'] });
    expect(event!.location).toMatchObject({ stagerId: 'loc-t5', removedAt: expect.anything() });
  });

  it('ends an unknown type as unsupported', async () => {
    expect(await send({ messageType: 'NEW_KIND_OF_MESSAGE', messageContent: {} })).toMatchObject({
      status: 'unsupported',
    });
  });
});

describe('editor fields', () => {
  it('survive UPDATE_EVENTS', async () => {
    await send(buildUpdateEvents({ events: [exampleEvent({ id: 'ev-ed1', name: 'First' })] }));
    await editEvent('ev-ed1');
    await send(buildUpdateEvents({ events: [exampleEvent({ id: 'ev-ed1', name: 'Renamed' })] }));
    expect((await eventEntry('ev-ed1'))!.name).toBe('Renamed');
    expect(await editorFields('ev-ed1')).toEqual(EDITED);
  });

  it('survive DELETE_EVENTS followed by UPDATE_EVENTS: the event comes back whole', async () => {
    await send(buildUpdateEvents({ events: [exampleEvent({ id: 'ev-ed2' })] }));
    await editEvent('ev-ed2');
    const documentId = (await eventEntry('ev-ed2'))!.documentId;

    await send({
      messageType: 'DELETE_EVENTS',
      messageContent: { organizationId: 'org-4512', eventIds: ['ev-ed2'] },
    });
    expect(
      (await get('/api/stager/events', { filters: { stagerId: 'ev-ed2' } })).json.data
    ).toEqual([]);
    expect((await get(`/api/stager/events/${documentId}`)).status).toBe(404);

    await send(buildUpdateEvents({ events: [exampleEvent({ id: 'ev-ed2' })] }));
    const { json } = await get('/api/stager/events', { filters: { stagerId: 'ev-ed2' } });
    expect(json.data).toHaveLength(1);
    expect(json.data[0]).toMatchObject({
      documentId,
      featured: true,
      editorialText: EDITED.editorialText,
      removedAt: null,
    });
    expect(await editorFields('ev-ed2')).toEqual(EDITED);
  });
});

describe('ORGANIZATION_SYNC', () => {
  const org = { ...organization(), id: 'org-sync', name: 'Sync Hall' };
  const other = { ...organization(), id: 'org-other', name: 'Other Hall' };
  const upcoming = (id: string, name = `Event ${id}`) =>
    exampleEvent({ id, name, start: '2027-03-01T20:00:00+01:00', end: null });
  const past = exampleEvent({ id: 'ev-past', start: '2025-01-10T20:00:00+01:00', end: null });
  const sync = (events: unknown[]) => ({
    messageType: 'ORGANIZATION_SYNC',
    messageContent: { organization: org, locations: [tolhuistuin()], events },
  });

  beforeAll(async () => {
    await send(
      buildUpdateEvents({
        organization: org,
        events: [upcoming('ev-s1'), upcoming('ev-s2'), upcoming('ev-s3'), past],
      })
    );
    await send(buildUpdateEvents({ organization: other, events: [upcoming('ev-o1')] }));
    await editEvent('ev-s1');
  });

  const visible = async () =>
    (
      await get('/api/stager/events', {
        filters: { stagerId: { $in: ['ev-s1', 'ev-s2', 'ev-s3', 'ev-s4', 'ev-past', 'ev-o1'] } },
        sort: 'stagerId',
        fields: ['stagerId'],
      })
    ).json.data.map((e: { stagerId: string }) => e.stagerId);

  it('creates and updates the listed events and removes only the absent upcoming ones of that organisation', async () => {
    const row = await send(sync([upcoming('ev-s1', 'Updated by sync'), upcoming('ev-s4')]));
    expect(row).toMatchObject({ status: 'processed', itemsProcessed: 3, itemsFailed: 0 });
    expect(await visible()).toEqual(['ev-o1', 'ev-past', 'ev-s1', 'ev-s4']);
    expect((await eventEntry('ev-s1'))!.name).toBe('Updated by sync');
    expect(await editorFields('ev-s1')).toEqual(EDITED);
  });

  it('writes nothing when the identical sync comes again', async () => {
    const message = sync([upcoming('ev-s1', 'Updated by sync'), upcoming('ev-s4')]);
    await send(message);
    const snapshot = async () => {
      const rows = await Promise.all(
        (['event', 'location', 'organization'] as const).map((type) =>
          site.strapi.db
            .query(ENTITY_UIDS[type] as never)
            .findMany({ select: ['stagerId', 'updatedAt'], orderBy: { id: 'asc' } })
        )
      );
      return JSON.stringify(rows);
    };
    const before = await snapshot();
    const row = await send(message);
    expect(row.status).toBe('processed');
    expect(await snapshot()).toBe(before);
  });
});

describe('a large ORGANIZATION_SYNC', () => {
  it('is applied in batches and shows its progress (n of m) on the inbox row while it runs', async () => {
    const events = Array.from({ length: 250 }, (_, i) =>
      exampleEvent({ id: `ev-big-${i}`, start: '2027-06-01T20:00:00+02:00', end: null })
    );
    const message = {
      messageType: 'ORGANIZATION_SYNC',
      messageContent: { organization: { ...organization(), id: 'org-big' }, locations: [], events },
    };
    const answer = await postSigned(site.webhookUrl, message, site.token);
    const id = answer.json.data.id as number;

    const seen = new Set<number>();
    const row = await eventually(
      async () => {
        const current = await rowWithStatus(site.strapi, id, ['processing', 'processed', 'failed']);
        if (current?.status === 'processing') seen.add(current.itemsProcessed);
        return current && current.status !== 'processing' ? current : null;
      },
      60_000,
      'the large sync'
    );

    expect(row).toMatchObject({ status: 'processed', itemCount: 250, itemsProcessed: 250 });
    // Batches were reported done before the whole message was.
    expect([...seen].some((done) => done > 0 && done < 250)).toBe(true);
  });
});

describe('the read API', () => {
  beforeAll(async () => {
    const events = ['2027-04-01', '2027-04-02', '2027-04-03', '2027-04-04', '2027-04-05'].map(
      (day, i) =>
        exampleEvent({
          id: `ev-fe${i}`,
          name: `Front end ${i}`,
          start: `${day}T20:00:00+02:00`,
          end: null,
        })
    );
    await send(buildUpdateEvents({ events }));
  });

  it('answers a front end’s query built with qs: filters on start, sort, pagination, populate', async () => {
    const { status, json } = await get('/api/stager/events', {
      filters: {
        start: { $gte: '2027-04-02T00:00:00Z', $lt: '2027-04-05T00:00:00Z' },
        stagerId: { $startsWith: 'ev-fe' },
      },
      sort: ['start:desc'],
      pagination: { page: 1, pageSize: 2 },
      fields: ['stagerId', 'name', 'start'],
      populate: {
        location: { fields: ['name', 'city'] },
        ticketTypes: { fields: ['name', 'price'] },
      },
    });
    expect(status).toBe(200);
    expect(json.data.map((e: { stagerId: string }) => e.stagerId)).toEqual(['ev-fe3', 'ev-fe2']);
    expect(json.meta.pagination).toMatchObject({ page: 1, pageSize: 2, total: 3, pageCount: 2 });
    expect(json.data[0].location).toMatchObject({ name: 'Tolhuistuin', city: 'Amsterdam' });
    expect(json.data[0].ticketTypes[0]).toEqual({
      id: expect.any(Number),
      name: expect.any(String),
      price: expect.any(Number),
    });
    expect(json.data[0]).not.toHaveProperty('raw');
  });

  it('is read-only', async () => {
    const answer = await request(`${site.baseUrl}/api/stager/events`, {
      body: JSON.stringify({ data: { name: 'x' } }),
      headers: { 'content-type': 'application/json' },
    });
    expect([404, 405]).toContain(answer.status);
  });

  it('answers GraphQL queries, without removed events and without mutations', async () => {
    await send({
      messageType: 'DELETE_EVENTS',
      messageContent: { organizationId: 'org-4512', eventIds: ['ev-fe4'] },
    });
    const graphql = (query: string) =>
      request(`${site.baseUrl}/graphql`, {
        body: JSON.stringify({ query }),
        headers: { 'content-type': 'application/json' },
      });

    const answer = await graphql(`
      {
        stagerEvents(filters: { stagerId: { startsWith: "ev-fe" } }, sort: "start:asc") {
          stagerId
          name
          start
          location {
            name
          }
          organization {
            stagerId
          }
          ticketTypes {
            name
            price
          }
        }
      }
    `);
    expect(answer.status).toBe(200);
    expect(answer.json.errors).toBeUndefined();
    expect(answer.json.data.stagerEvents.map((e: { stagerId: string }) => e.stagerId)).toEqual([
      'ev-fe0',
      'ev-fe1',
      'ev-fe2',
      'ev-fe3',
    ]);
    expect(answer.json.data.stagerEvents[0]).toMatchObject({
      location: { name: 'Tolhuistuin' },
      organization: { stagerId: 'org-4512' },
    });

    const schema = await graphql(
      '{ __schema { mutationType { fields { name } } queryType { fields { name } } } }'
    );
    const names = (type: 'mutationType' | 'queryType') =>
      schema.json.data.__schema[type].fields.map((f: { name: string }) => f.name);
    expect(names('mutationType')).toContain('updateUsersPermissionsUser');
    expect(names('mutationType').filter((name: string) => /stager/i.test(name))).toEqual([]);
    expect(
      names('queryType')
        .filter((name: string) => /stager/i.test(name))
        .sort()
    ).toEqual([
      'stagerEvent',
      'stagerEvents',
      'stagerEvents_connection',
      'stagerLocation',
      'stagerLocations',
      'stagerLocations_connection',
      'stagerOrganization',
      'stagerOrganizations',
      'stagerOrganizations_connection',
    ]);
  });
});
