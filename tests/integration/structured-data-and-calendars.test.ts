import { request, type Answer } from '../helpers/http';
import { parseCalendar } from '../helpers/ical';
import { sendAndSettle } from '../helpers/inbox';
import { startSite, type TestSite } from '../helpers/site';
import { isoInZone } from '../../server/src/publish/zone-rules';
import { ENTITY_UIDS } from '../../server/src/store/entity-types';
import {
  buildUpdateEvents,
  exampleEvent,
  organization,
  paviljoen,
} from '../../scripts/samples.mjs';

// Schema.org structured data and iCalendar feeds read over HTTP after real, signed messages, on
// one site. The playground grants the public role these routes, as a site would.

let site: TestSite;

beforeAll(async () => {
  site = await startSite();
});

afterAll(async () => {
  await site?.stop();
});

type FeedEvent = ReturnType<typeof exampleEvent>;

const DAY = 24 * 60 * 60 * 1000;
/** A time `days` from now, on the hour, with the +01:00 offset Stager writes in winter. */
const inDays = (days: number, hour = 20) => {
  const day = new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
  return `${day}T${String(hour).padStart(2, '0')}:00:00+01:00`;
};

/** The time as the structured data writes it: in the site's zone (Europe/Amsterdam), with its offset. */
const local = (time: string) => isoInZone(new Date(time), 'Europe/Amsterdam');

/** An upcoming event: every time relative to now, so the test does not age. */
const upcoming = (id: string, days: number, overrides: Partial<FeedEvent> = {}) =>
  exampleEvent({
    id,
    start: inDays(days, 20),
    end: inDays(days, 23),
    doorsOpen: inDays(days, 19),
    modifiedAt: new Date().toISOString(),
    ...overrides,
    ticketTypes: (overrides.ticketTypes ?? exampleEvent().ticketTypes).map(
      (ticket: Record<string, unknown>) => ({
        ...ticket,
        saleStart: local(inDays(-5, 10)),
        onlineSaleEnd: inDays(days, 19),
        doorSaleEnd: inDays(days, 21),
      })
    ),
  });

const send = (events: FeedEvent[], org = organization()) =>
  sendAndSettle(site, buildUpdateEvents({ organization: org, events }));

const get = (path: string, headers: Record<string, string> = {}) =>
  request(`${site.baseUrl}/api/stager${path}`, { method: 'GET', headers });

async function documentIdOf(stagerId: string): Promise<string> {
  const entry = await site.strapi.db
    .query(ENTITY_UIDS.event as never)
    .findOne({ where: { stagerId }, select: ['documentId'] });
  return entry!.documentId as string;
}

const structuredData = async (stagerId: string) =>
  get(`/events/${await documentIdOf(stagerId)}/structured-data`);

const feed = async (query = '') => {
  const answer = await get(`/calendar.ics${query}`);
  expect(answer.status).toBe(200);
  return parseCalendar(answer.text);
};

const uidsOf = (calendar: ReturnType<typeof parseCalendar>) =>
  calendar.events.map((event) => event.uid).sort();

describe('structured data', () => {
  it('answers a synced event as schema.org JSON-LD, its private fields left out', async () => {
    await send([upcoming('ev-ld', 10)]);
    const answer = await structuredData('ev-ld');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    expect(answer.json).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Event',
      identifier: 'ev-ld',
      name: 'Nachtcollege: Sterren & Straten',
      startDate: local(inDays(10, 20)),
      endDate: local(inDays(10, 23)),
      doorTime: local(inDays(10, 19)),
      eventStatus: 'https://schema.org/EventScheduled',
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      location: {
        '@type': 'Place',
        name: 'Tolhuistuin',
        address: { streetAddress: 'IJpromenade 2', addressLocality: 'Amsterdam' },
        geo: { latitude: 52.3843, longitude: 4.9024 },
      },
      organizer: { '@type': 'Organization', name: 'Paradiso Noord' },
      image: [
        'https://cdn.example.org/stager/org-4512/ev-993271-main.jpg',
        expect.any(String),
        expect.any(String),
      ],
      superEvent: { '@type': 'EventSeries', name: 'Nachtcollege 2026/2027' },
      offers: [
        {
          name: 'Regulier',
          price: 24,
          priceCurrency: 'EUR',
          availability: 'https://schema.org/InStock',
          validFrom: inDays(-5, 10),
          url: 'https://tickets.example.org/paradiso-noord/ev-993271',
        },
        { name: 'Student', availability: 'https://schema.org/SoldOut' },
      ],
    });
    for (const secret of [
      'PN-2026-1231',
      'leden.example.org',
      '"total"',
      '"reserved"',
      '"raw"',
      '350',
    ])
      expect(answer.text).not.toContain(secret);
    // The same event in another locale: the locale goes to the document service (the types are
    // not localized yet, so it is the same event).
    const localized = await get(`/events/${await documentIdOf('ev-ld')}/structured-data?locale=nl`);
    expect(localized.json).toEqual(answer.json);
  });

  it('turns a ticket type SoldOut after an UPDATE_EVENTS that sells it out', async () => {
    await send([upcoming('ev-sells-out', 11)]);
    const offers = async () =>
      (
        (await structuredData('ev-sells-out')).json.offers as Array<{
          name: string;
          availability: string;
        }>
      ).map(({ name, availability }) => [name, availability.replace('https://schema.org/', '')]);
    expect(await offers()).toEqual([
      ['Regulier', 'InStock'],
      ['Student', 'SoldOut'],
    ]);
    const [regular, student] = exampleEvent().ticketTypes;
    await send([
      upcoming('ev-sells-out', 11, {
        ticketTypes: [{ ...regular, onlineSoldOut: true, available: 0 }, student],
      }),
    ]);
    expect(await offers()).toEqual([
      ['Regulier', 'SoldOut'],
      ['Student', 'SoldOut'],
    ]);
  });

  it('takes an image from the Media Library once it is stored, as an absolute URL', async () => {
    await send([upcoming('ev-media', 10)]);
    const file = await site.strapi.db.query('plugin::upload.file').create({
      data: {
        name: 'main.jpg',
        hash: 'main_ev_media',
        ext: '.jpg',
        mime: 'image/jpeg',
        size: 12.5,
        url: '/uploads/main_ev_media.jpg',
        provider: 'local',
      },
    });
    const event = await site.strapi.db
      .query(ENTITY_UIDS.event as never)
      .findOne({ where: { stagerId: 'ev-media' }, populate: { mainImage: true } });
    const before = await structuredData('ev-media');
    expect(before.json.image[0]).toBe('https://cdn.example.org/stager/org-4512/ev-993271-main.jpg');
    expect(
      (
        await get(`/events/${await documentIdOf('ev-media')}/structured-data`, {
          'If-None-Match': before.headers.etag as string,
        })
      ).status
    ).toBe(304);
    await site.strapi.db
      .query('stager.image' as never)
      .update({ where: { id: event!.mainImage.id }, data: { media: file.id } });
    // The event did not change, its answer did: If-Modified-Since does not hold it back, and its
    // ETag is new.
    const after = await get(`/events/${await documentIdOf('ev-media')}/structured-data`, {
      'If-Modified-Since': before.headers['last-modified'] as string,
    });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    const { image } = after.json;
    expect(image).toEqual([
      `${site.baseUrl}/uploads/main_ev_media.jpg`,
      'https://cdn.example.org/stager/org-4512/ev-993271-zaal.jpg',
      'https://cdn.example.org/stager/org-4512/ev-993271-spreker.jpg',
    ]);
  });

  it('lists upcoming events in one @graph, filtered and limited', async () => {
    await send([upcoming('ev-list-past', -3)]);
    const answer = await get('/structured-data?limit=100');
    expect(answer.status).toBe(200);
    const ids = (answer.json['@graph'] as Array<{ identifier: string }>).map(
      ({ identifier }) => identifier
    );
    expect(ids).toEqual(expect.arrayContaining(['ev-ld', 'ev-sells-out']));
    expect(ids).not.toContain('ev-list-past');
    const one = await get('/structured-data?limit=1');
    expect(one.json['@graph']).toHaveLength(1);
  });
});

describe('calendar feeds', () => {
  it('serves every shown event as iCalendar, with the filters of a site’s agenda', async () => {
    await send([
      upcoming('ev-cal-pavilion', 12, {
        location: paviljoen(),
        publicity: { ...exampleEvent().publicity, genre: 'Dans' },
      }),
    ]);
    await send([upcoming('ev-cal-other-org', 13)], {
      ...organization(),
      id: 'org-other',
      name: 'Andere organisatie',
    });
    const answer = await get('/calendar.ics');
    expect(answer.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const all = parseCalendar(answer.text);
    expect(uidsOf(all)).toEqual(
      expect.arrayContaining([
        'stager-event-ev-cal-pavilion',
        'stager-event-ev-cal-other-org',
        'stager-event-ev-ld',
      ])
    );
    const event = all.events.find(({ uid }) => uid === 'stager-event-ev-ld')!;
    expect(event.start.toISOString()).toBe(new Date(inDays(10, 20)).toISOString());
    expect(event).toMatchObject({
      startZone: 'Europe/Amsterdam',
      status: 'CONFIRMED',
      url: 'https://tickets.example.org/paradiso-noord/ev-993271',
    });

    expect(uidsOf(await feed('?location=loc-81'))).toEqual(['stager-event-ev-cal-pavilion']);
    expect(uidsOf(await feed('?organization=org-other'))).toEqual([
      'stager-event-ev-cal-other-org',
    ]);
    expect(uidsOf(await feed('?genre=dans'))).toEqual(['stager-event-ev-cal-pavilion']);
    const day = inDays(12).slice(0, 10);
    expect(uidsOf(await feed(`?from=${day}&to=${day}`))).toEqual(['stager-event-ev-cal-pavilion']);

    const single = await get(`/events/${await documentIdOf('ev-cal-pavilion')}/calendar.ics`);
    expect(uidsOf(parseCalendar(single.text))).toEqual(['stager-event-ev-cal-pavilion']);
  });

  it('marks a cancelled event EventCancelled and STATUS:CANCELLED', async () => {
    await send([upcoming('ev-cancel', 14)]);
    await send([upcoming('ev-cancel', 14, { status: 'CANCELLED' })]);
    expect((await structuredData('ev-cancel')).json.eventStatus).toBe(
      'https://schema.org/EventCancelled'
    );
    const inFeed = (await feed()).events.find(({ uid }) => uid === 'stager-event-ev-cancel');
    expect(inFeed?.status).toBe('CANCELLED');
  });

  it('answers a repeated request 304, and a changed feed with SEQUENCE and LAST-MODIFIED moved', async () => {
    await send([upcoming('ev-etag', 15)]);
    const path = `/events/${await documentIdOf('ev-etag')}/calendar.ics`;
    const first = await get(path);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['last-modified']).toEqual(expect.any(String));

    const again = await get(path, { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const since = await get(path, {
      'If-Modified-Since': first.headers['last-modified'] as string,
    });
    expect(since.status).toBe(304);
    const whole = await get('/calendar.ics');
    expect(
      (await get('/calendar.ics', { 'If-None-Match': whole.headers.etag as string })).status
    ).toBe(304);

    // Timestamps have whole seconds on some databases: the change lands in a later second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await send([upcoming('ev-etag', 15, { name: 'Nachtcollege: verplaatst naar de Salon' })]);
    const changed = await get(path, { 'If-None-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    const [before] = parseCalendar(first.text).events;
    const [after] = parseCalendar(changed.text).events;
    expect(after.summary).toBe('Nachtcollege: verplaatst naar de Salon');
    expect(after.uid).toBe(before.uid);
    expect(after.sequence).toBeGreaterThan(before.sequence);
    expect(after.lastModified.getTime()).toBeGreaterThan(before.lastModified.getTime());
    expect(
      (await get('/calendar.ics', { 'If-None-Match': whole.headers.etag as string })).status
    ).toBe(200);
  });
});

describe('what the site does not show', () => {
  afterEach(() => site.setOption('newEvents', 'publish'));

  const expectGone = async (stagerId: string) => {
    const documentId = await documentIdOf(stagerId);
    expect((await get(`/events/${documentId}/structured-data`)).status).toBe(404);
    expect((await get(`/events/${documentId}/calendar.ics`)).status).toBe(404);
    expect(uidsOf(await feed())).not.toContain(`stager-event-${stagerId}`);
    const listed = (await get('/structured-data?limit=100')).json['@graph'] as Array<{
      identifier: string;
    }>;
    expect(listed.map(({ identifier }) => identifier)).not.toContain(stagerId);
  };

  it('answers 404 for a hidden event and leaves it out of the feeds', async () => {
    await send([upcoming('ev-hidden', 16)]);
    expect((await structuredData('ev-hidden')).status).toBe(200);
    const whole = await get('/calendar.ics');
    await site.strapi
      .documents(ENTITY_UIDS.event as never)
      .update({ documentId: await documentIdOf('ev-hidden'), data: { hidden: true } } as never);
    await expectGone('ev-hidden');
    // The feed that held it is not answered 304.
    expect(
      (await get('/calendar.ics', { 'If-None-Match': whole.headers.etag as string })).status
    ).toBe(200);
  });

  it('keeps an event in review and a removed event out', async () => {
    site.setOption('newEvents', 'review');
    await send([upcoming('ev-in-review', 17)]);
    await expectGone('ev-in-review');

    site.setOption('newEvents', 'publish');
    await send([upcoming('ev-removed', 18)]);
    await sendAndSettle(site, {
      messageType: 'DELETE_EVENTS',
      messageContent: { organizationId: organization().id, eventIds: ['ev-removed'] },
    });
    await expectGone('ev-removed');
    expect((await get('/events/no-such-document/structured-data')).status).toBe(404);
  });

  it('is off until a site grants it in Users & Permissions', async () => {
    const permissions = site.strapi.db.query('plugin::users-permissions.permission');
    const action = 'plugin::stager.calendar.feed';
    const granted = await permissions.findOne({ where: { action }, populate: ['role'] });
    expect(granted?.role?.type).toBe('public');
    await permissions.delete({ where: { id: granted!.id } });
    try {
      expect((await get('/calendar.ics')).status).toBe(403);
    } finally {
      await permissions.create({ data: { action, role: granted!.role.id } });
    }
    expect((await get('/calendar.ics')).status).toBe(200);
  });

  it.each([
    ['/calendar.ics?organisation=org-4512', 'unknown parameter "organisation"'],
    ['/calendar.ics?from=soon', 'from: expected a date'],
    ['/structured-data?limit=1000', 'limit: expected a whole number from 1 to 100'],
    ['/events/x/calendar.ics?genre=Jazz', 'unknown parameter "genre"; expected locale'],
  ])('answers %s with 400 and its reason', async (path, reason) => {
    const answer: Answer = await get(path);
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toContain(reason);
  });
});
