import qs from 'qs';
import { adminSession, type AdminSession } from '../helpers/admin';
import { request } from '../helpers/http';
import { sendAndSettle } from '../helpers/inbox';
import { startSite, type TestSite } from '../helpers/site';
import { ENTITY_UIDS } from '../../server/src/store/entity-types';
import { exampleEvent, organization, paviljoen, tolhuistuin } from '../../scripts/samples.mjs';

// What a front end can read of the synced content, by every road: lists, single entries, populate
// from the plugin's types and from a site's own type (the playground's `article`), deep populate,
// `populate=*`, counts, GraphQL associations and connections. On the site:
// - `ev-shown` and two more shown events, one at a location Stager removed and one of an
//   organisation that was removed;
// - `ev-hidden` (hidden by an editor), `ev-removed` (removed by Stager), `ev-review` (new while the
//   site reviews new events), all at the shown location `loc-77`.
const SHOWN_AT_LOC = ['ev-shown'];
const SHOWN = ['ev-at-gone-location', 'ev-of-gone-organization', 'ev-shown'];
const KEPT_OFF = ['ev-hidden', 'ev-removed', 'ev-review'];

let site: TestSite;
let editor: AdminSession;

const ids = (entries: unknown) =>
  ((entries ?? []) as Array<{ stagerId: string }>).map(({ stagerId }) => stagerId).sort();

async function rest(path: string, query: object = {}) {
  const answer = await request(
    `${site.baseUrl}/api${path}?${qs.stringify(query, { encodeValuesOnly: true })}`,
    { method: 'GET' }
  );
  return answer;
}

async function restData(path: string, query: object = {}) {
  const answer = await rest(path, query);
  expect(answer.status).toBe(200);
  return answer.json as { data: any; meta: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function graphql(query: string) {
  const answer = await request(`${site.baseUrl}/graphql`, {
    body: JSON.stringify({ query }),
    headers: { 'content-type': 'application/json' },
  });
  expect(answer.status).toBeLessThan(500);
  return answer.json as { data?: any; errors?: Array<{ message: string }> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const documentIdOf = async (uid: string, stagerId: string) =>
  (
    (await site.strapi.db
      .query(uid as never)
      .findOne({ where: { stagerId }, select: ['documentId'] })) as { documentId: string }
  ).documentId;

const send = (message: unknown) => sendAndSettle(site, message);
const otherOrganization = () => ({ id: 'org-gone', name: 'Gesloten Zaal' });

beforeAll(async () => {
  site = await startSite();
  editor = await adminSession(site.strapi, site.baseUrl, 'super-admin');

  const at = (location: object, id: string) => exampleEvent({ id, location });
  await send({
    messageType: 'UPDATE_EVENTS',
    messageContent: {
      organization: organization(),
      events: [
        at(tolhuistuin(), 'ev-shown'),
        at(tolhuistuin(), 'ev-hidden'),
        at(tolhuistuin(), 'ev-removed'),
        at(paviljoen(), 'ev-at-gone-location'),
      ],
    },
  });
  site.setOption('newEvents', 'review');
  await send({
    messageType: 'UPDATE_EVENTS',
    messageContent: { organization: organization(), events: [at(tolhuistuin(), 'ev-review')] },
  });
  site.setOption('newEvents', 'publish');
  await send({
    messageType: 'UPDATE_EVENTS',
    messageContent: {
      organization: otherOrganization(),
      events: [exampleEvent({ id: 'ev-of-gone-organization', location: undefined })],
    },
  });
  await send({
    messageType: 'DELETE_EVENTS',
    messageContent: { organizationId: organization().id, eventIds: ['ev-removed'] },
  });
  await send({
    messageType: 'DELETE_LOCATIONS',
    messageContent: { organizationId: organization().id, locationIds: [paviljoen().id] },
  });
  // No message removes an organisation; the store marks one removed as it marks locations.
  await site.strapi.db
    .query(ENTITY_UIDS.organization as never)
    .updateMany({ where: { stagerId: 'org-gone' }, data: { removedAt: new Date() } });

  const hide = await editor.call(
    'PUT',
    `/content-manager/collection-types/${ENTITY_UIDS.event}/${await documentIdOf(ENTITY_UIDS.event, 'ev-hidden')}`,
    { hidden: true }
  );
  expect(hide.status).toBe(200);

  const everyEvent = await Promise.all(
    [...SHOWN, ...KEPT_OFF].map((stagerId) => documentIdOf(ENTITY_UIDS.event, stagerId))
  );
  await site.strapi.documents('api::article.article' as never).create({
    data: {
      title: 'Our winter highlights',
      events: everyEvent,
      mainEvent: await documentIdOf(ENTITY_UIDS.event, 'ev-hidden'),
    },
  } as never);
});

afterAll(async () => {
  await site?.stop();
});

describe('REST', () => {
  it('lists only what is on the site, with a total that matches', async () => {
    const { data, meta } = await restData('/stager/events', { pagination: { pageSize: 2 } });
    expect(data).toHaveLength(2);
    expect(meta.pagination).toMatchObject({ total: SHOWN.length, pageCount: 2 });
    const all = await restData('/stager/events', { pagination: { pageSize: 100 } });
    expect(ids(all.data)).toEqual(SHOWN);
  });

  it.each(KEPT_OFF)('answers 404 for %s', async (stagerId) => {
    const answer = await rest(`/stager/events/${await documentIdOf(ENTITY_UIDS.event, stagerId)}`);
    expect(answer.status).toBe(404);
  });

  it('answers 404 for a removed location and organisation, and leaves them out of lists', async () => {
    const location = await rest(
      `/stager/locations/${await documentIdOf(ENTITY_UIDS.location, paviljoen().id)}`
    );
    expect(location.status).toBe(404);
    const org = await rest(
      `/stager/organizations/${await documentIdOf(ENTITY_UIDS.organization, 'org-gone')}`
    );
    expect(org.status).toBe(404);
    expect(ids((await restData('/stager/locations')).data)).toEqual([tolhuistuin().id]);
    expect(ids((await restData('/stager/organizations')).data)).toEqual([organization().id]);
  });

  it('keeps them out of populate from a location and an organisation', async () => {
    const [location] = (await restData('/stager/locations', { populate: 'events' })).data;
    expect(ids(location.events)).toEqual(SHOWN_AT_LOC);
    const [org] = (await restData('/stager/organizations', { populate: ['events', 'locations'] }))
      .data;
    expect(ids(org.events)).toEqual(['ev-at-gone-location', 'ev-shown']);
    expect(ids(org.locations)).toEqual([tolhuistuin().id]);
  });

  it('keeps them out of populate=* and of a deep populate', async () => {
    const [location] = (await restData('/stager/locations', { populate: '*' })).data;
    expect(ids(location.events)).toEqual(SHOWN_AT_LOC);

    const { data: events } = await restData('/stager/events', {
      populate: { location: { populate: { events: true } }, organization: true },
    });
    type PopulatedEvent = {
      stagerId: string;
      location: { events: unknown } | null;
      organization: unknown;
    };
    const byId = Object.fromEntries(
      (events as PopulatedEvent[]).map((event) => [event.stagerId, event])
    );
    expect(ids(byId['ev-shown'].location?.events)).toEqual(SHOWN_AT_LOC);
    expect(byId['ev-at-gone-location'].location).toBeNull();
    expect(byId['ev-of-gone-organization'].organization).toBeNull();

    const [org] = (
      await restData('/stager/organizations', {
        populate: { locations: { populate: { events: { populate: '*' } } } },
      })
    ).data;
    expect(ids(org.locations[0].events)).toEqual(SHOWN_AT_LOC);
  });

  it('counts only what is shown in a populated count', async () => {
    const [location] = (
      await restData('/stager/locations', { populate: { events: { count: true } } })
    ).data;
    expect(location.events).toEqual({ count: SHOWN_AT_LOC.length });
  });

  it('keeps them out of a site type’s relations', async () => {
    const [article] = (await restData('/articles', { populate: '*' })).data;
    expect(ids(article.events)).toEqual(SHOWN);
    expect(article.mainEvent).toBeNull();
    const [counted] = (await restData('/articles', { populate: { events: { count: true } } })).data;
    expect(counted.events).toEqual({ count: SHOWN.length });
  });

  it('does not let a filter through a relation find what is kept off', async () => {
    for (const stagerId of KEPT_OFF) {
      const { data } = await restData('/stager/locations', {
        filters: { events: { stagerId: { $eq: stagerId } } },
      });
      expect(data).toEqual([]);
    }
    const { data } = await restData('/stager/locations', {
      filters: { events: { stagerId: { $eq: 'ev-shown' } } },
    });
    expect(ids(data)).toEqual([tolhuistuin().id]);
  });
});

describe('GraphQL', () => {
  it('keeps them out of associations and connections, from every type', async () => {
    const answer = await graphql(`
      {
        stagerLocations {
          stagerId
          events {
            stagerId
          }
          events_connection {
            nodes {
              stagerId
            }
          }
        }
        stagerOrganizations {
          stagerId
          events {
            stagerId
          }
          locations {
            events {
              stagerId
            }
          }
        }
        articles {
          events {
            stagerId
          }
          events_connection {
            nodes {
              stagerId
            }
          }
          mainEvent {
            stagerId
          }
        }
        stagerEvents_connection(pagination: { pageSize: 100 }) {
          nodes {
            stagerId
          }
          pageInfo {
            total
          }
        }
      }
    `);
    expect(answer.errors).toBeUndefined();
    const { stagerLocations, stagerOrganizations, articles, stagerEvents_connection } = answer.data;
    expect(ids(stagerLocations)).toEqual([tolhuistuin().id]);
    expect(ids(stagerLocations[0].events)).toEqual(SHOWN_AT_LOC);
    expect(ids(stagerLocations[0].events_connection.nodes)).toEqual(SHOWN_AT_LOC);
    expect(ids(stagerOrganizations)).toEqual([organization().id]);
    expect(ids(stagerOrganizations[0].events)).toEqual(['ev-at-gone-location', 'ev-shown']);
    expect(ids(stagerOrganizations[0].locations[0].events)).toEqual(SHOWN_AT_LOC);
    expect(ids(articles[0].events)).toEqual(SHOWN);
    expect(ids(articles[0].events_connection.nodes)).toEqual(SHOWN);
    expect(articles[0].mainEvent).toBeNull();
    expect(ids(stagerEvents_connection.nodes)).toEqual(SHOWN);
    expect(stagerEvents_connection.pageInfo.total).toBe(SHOWN.length);
  });

  it('answers null for a single event kept off', async () => {
    for (const stagerId of KEPT_OFF) {
      const documentId = await documentIdOf(ENTITY_UIDS.event, stagerId);
      const answer = await graphql(`{ stagerEvent(documentId: "${documentId}") { stagerId } }`);
      expect(answer.data?.stagerEvent ?? null).toBeNull();
    }
  });
});

describe('the Content Manager', () => {
  it('still shows editors every event, and every event of a location', async () => {
    const list = await editor.call(
      'GET',
      `/content-manager/collection-types/${ENTITY_UIDS.event}?pageSize=100`
    );
    expect(list.status).toBe(200);
    expect(ids(list.json.results)).toEqual([...SHOWN, ...KEPT_OFF].sort());
    const relations = await editor.call(
      'GET',
      `/content-manager/relations/${ENTITY_UIDS.location}/${await documentIdOf(ENTITY_UIDS.location, tolhuistuin().id)}/events?pageSize=100`
    );
    expect(relations.status).toBe(200);
    expect(relations.json.results).toHaveLength(1 + KEPT_OFF.length);
  });
});

describe('private fields', () => {
  it.each([
    ['a filter', { filters: { accountingId: { $eq: 'PN-2027-0218' } } }],
    [
      'a filter on a private field of a component',
      { filters: { ticketTypes: { reserved: { $gt: 0 } } } },
    ],
    ['a sort', { sort: 'memberLink:asc' }],
  ])('refuses %s on a private field with 400', async (_what, query) => {
    const answer = await rest('/stager/events', query);
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toMatch(/accountingId|reserved|memberLink|Invalid/);
  });

  it('refuses a filter on a private field through a relation with 400', async () => {
    const answer = await rest('/stager/locations', {
      filters: { events: { accountingId: { $eq: 'PN-2027-0218' } } },
    });
    expect(answer.status).toBe(400);
    const fromArticles = await rest('/articles', {
      filters: { events: { memberLink: { $null: false } } },
    });
    expect(fromArticles.status).toBe(400);
  });

  it('refuses them in GraphQL filters and sorts', async () => {
    for (const query of [
      '{ stagerEvents(filters: { accountingId: { eq: "PN-2027-0218" } }) { stagerId } }',
      '{ stagerLocations(filters: { events: { accountingId: { eq: "PN-2027-0218" } } }) { stagerId } }',
      '{ stagerEvents(sort: "memberLink") { stagerId } }',
    ]) {
      const answer = await graphql(query);
      expect(answer.data?.stagerEvents ?? answer.data?.stagerLocations ?? null).toBeNull();
      expect(answer.errors?.[0].message).toBeDefined();
    }
  });
});
