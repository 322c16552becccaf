import type { Event, Offer, Place } from 'schema-dts';
import { STATUS_MEANINGS, statusMeaning } from '../../server/src/publish/event-status';
import {
  availabilityOf,
  eventDocument,
  eventJsonLd,
  eventsDocument,
  fromCents,
  offerOf,
} from '../../server/src/publish/json-ld';
import { plainText } from '../../server/src/publish/plain-text';
import type { PublishedEvent, PublishedTicketType } from '../../server/src/publish/published-event';
import { isoInZone } from '../../server/src/publish/zone-rules';

const ZONE = 'Europe/Amsterdam';
const options = { timeZone: ZONE, absoluteUrl: (url: string) => `https://cms.example.org${url}` };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read into the JSON-LD freely
const ld = (event: PublishedEvent): Record<string, any> => eventJsonLd(event, options) as object;

const fullEvent = (overrides: Partial<PublishedEvent> = {}): PublishedEvent => ({
  documentId: 'doc-1',
  stagerId: 'ev-993271',
  name: 'Nachtcollege: Sterren & Straten',
  subtitle: 'Een avond over de stad bij nacht',
  eventStatus: 'CONFIRMED',
  start: '2026-12-31T19:30:00.000Z',
  end: '2026-12-31T22:00:00.000Z',
  doorsOpen: '2026-12-31T18:45:00.000Z',
  modifiedAt: '2026-11-20T09:15:03.000Z',
  updatedAt: '2026-11-20T09:16:00.000Z',
  text: '**Lezing** met muziek langs de <em>nachtelijke</em> hemel.',
  ticketShopUrl: 'https://tickets.example.org/ev-993271',
  language: 'nl',
  mainImage: {
    url: 'https://cdn.example.org/main.jpg',
    media: { url: '/uploads/main_abc.jpg' },
  },
  images: [{ url: 'https://cdn.example.org/zaal.jpg', media: null }],
  ticketTypes: [
    {
      stagerId: 'tt-1',
      name: 'Regulier',
      price: 2250,
      webFee: 150,
      currency: 'EUR',
      saleStart: '2026-11-01T09:00:00.000Z',
      onlineSaleEnd: '2026-12-31T19:00:00.000Z',
      onlineSoldOut: false,
      soldOutOverride: false,
      available: 137,
    },
  ],
  eventGroup: { stagerId: 'eg-310', name: 'Nachtcollege 2026/2027' },
  location: {
    name: 'Tolhuistuin',
    street: 'IJpromenade',
    houseNumber: '2',
    zipcode: '1031 KT',
    city: 'Amsterdam',
    country: 'nl',
    latitude: 52.3843,
    longitude: 4.9024,
    website: 'https://www.tolhuistuin.example.org',
  },
  organization: { name: 'Paradiso Noord', website: 'https://paradisonoord.example.org' },
  ...overrides,
});

describe('schema.org Event of a synced event', () => {
  it('holds what search engines require and recommend, times with their offsets', () => {
    const document = eventDocument(fullEvent(), options);
    // The type-check is schema-dts's: the document is a schema.org Event.
    const typed: Event = document;
    expect(typed).toBeDefined();
    expect(document).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Event',
      identifier: 'ev-993271',
      name: 'Nachtcollege: Sterren & Straten',
      description: 'Lezing met muziek langs de nachtelijke hemel.',
      startDate: '2026-12-31T20:30:00+01:00',
      endDate: '2026-12-31T23:00:00+01:00',
      doorTime: '2026-12-31T19:45:00+01:00',
      eventStatus: 'https://schema.org/EventScheduled',
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      inLanguage: 'nl',
      location: {
        '@type': 'Place',
        name: 'Tolhuistuin',
        address: {
          '@type': 'PostalAddress',
          streetAddress: 'IJpromenade 2',
          postalCode: '1031 KT',
          addressLocality: 'Amsterdam',
          addressCountry: 'NL',
        },
        geo: { '@type': 'GeoCoordinates', latitude: 52.3843, longitude: 4.9024 },
        url: 'https://www.tolhuistuin.example.org',
      },
      organizer: {
        '@type': 'Organization',
        name: 'Paradiso Noord',
        url: 'https://paradisonoord.example.org',
      },
      superEvent: { '@type': 'EventSeries', name: 'Nachtcollege 2026/2027', identifier: 'eg-310' },
    });
  });

  it('takes the Media Library file of an image when it is stored, else the source URL', () => {
    expect(ld(fullEvent()).image).toEqual([
      'https://cms.example.org/uploads/main_abc.jpg',
      'https://cdn.example.org/zaal.jpg',
    ]);
  });

  it('writes summer times with the summer offset', () => {
    const event = ld(fullEvent({ start: '2027-07-01T18:00:00.000Z', end: null, doorsOpen: null }));
    expect(event.startDate).toBe('2027-07-01T20:00:00+02:00');
    expect(event).not.toHaveProperty('endDate');
    expect(isoInZone(new Date('2027-07-01T18:00:00Z'), 'America/New_York')).toBe(
      '2027-07-01T14:00:00-04:00'
    );
  });

  it('states the price in currency units with the web fee, and the fee apart', () => {
    const offer = ld(fullEvent()).offers[0];
    expect(offer).toEqual({
      '@type': 'Offer',
      name: 'Regulier',
      identifier: 'tt-1',
      price: 24,
      priceCurrency: 'EUR',
      priceSpecification: {
        '@type': 'CompoundPriceSpecification',
        price: 24,
        priceCurrency: 'EUR',
        priceComponent: [
          { '@type': 'UnitPriceSpecification', name: 'Ticket', price: 22.5, priceCurrency: 'EUR' },
          { '@type': 'UnitPriceSpecification', name: 'Web fee', price: 1.5, priceCurrency: 'EUR' },
        ],
      },
      availability: 'https://schema.org/InStock',
      validFrom: '2026-11-01T10:00:00+01:00',
      availabilityEnds: '2026-12-31T20:00:00+01:00',
      url: 'https://tickets.example.org/ev-993271',
    });
    expect(fromCents(1999)).toBe(19.99);
  });

  it('offers a free event at 0, without a fee component', () => {
    const free: PublishedTicketType = { name: 'Gratis', price: 0, webFee: 0, currency: 'eur' };
    expect(offerOf(free, null, ZONE)).toEqual({
      '@type': 'Offer',
      name: 'Gratis',
      price: 0,
      priceCurrency: 'EUR',
      priceSpecification: {
        '@type': 'CompoundPriceSpecification',
        price: 0,
        priceCurrency: 'EUR',
        priceComponent: [
          { '@type': 'UnitPriceSpecification', name: 'Ticket', price: 0, priceCurrency: 'EUR' },
        ],
      },
      availability: 'https://schema.org/InStock',
    });
  });

  it('leaves price and currency out of an offer without a price', () => {
    const offer: Offer = offerOf({ name: 'Op aanvraag' }, 'https://t.example/1', ZONE);
    expect(offer).toEqual({
      '@type': 'Offer',
      name: 'Op aanvraag',
      availability: 'https://schema.org/InStock',
      url: 'https://t.example/1',
    });
  });

  it.each([
    [{ onlineSoldOut: false, soldOutOverride: false }, 'InStock'],
    [{ onlineSoldOut: true, soldOutOverride: false }, 'SoldOut'],
    [{ onlineSoldOut: false, soldOutOverride: true }, 'SoldOut'],
    [{ onlineSoldOut: true, soldOutOverride: true }, 'SoldOut'],
    [{ onlineSoldOut: 1, soldOutOverride: 0 }, 'SoldOut'], // SQLite's booleans
    [{ onlineSoldOut: 0, soldOutOverride: 0 }, 'InStock'],
    [{ onlineSoldOut: null, soldOutOverride: null }, 'InStock'],
    [{ onlineSoldOut: false, available: 0 }, 'SoldOut'],
    [{ onlineSoldOut: false, available: 3 }, 'InStock'],
    [{ onlineSoldOut: false, available: null }, 'InStock'],
    [{ onlineSoldOut: false, doorSoldOut: true }, 'InStock'],
  ])('availability of %j is %s', (ticket, expected) => {
    expect(availabilityOf(ticket as PublishedTicketType)).toBe(`https://schema.org/${expected}`);
  });

  it.each([
    ['OPTION', 'EventScheduled'],
    ['TO_BE_CONFIRMED', 'EventScheduled'],
    ['CONFIRMED', 'EventScheduled'],
    ['TO_BE_CANCELLED', 'EventCancelled'],
    ['CANCELLED', 'EventCancelled'],
    ['cancelled', 'EventCancelled'],
    ['POSTPONED_BY_NEW_STAGER', 'EventScheduled'],
    [null, 'EventScheduled'],
  ])('maps Stager status %s to %s', (status, expected) => {
    expect(ld(fullEvent({ eventStatus: status })).eventStatus).toBe(
      `https://schema.org/${expected}`
    );
  });

  it('maps every Stager status of the contract', () => {
    expect(Object.keys(STATUS_MEANINGS).sort()).toEqual(
      ['CANCELLED', 'CONFIRMED', 'OPTION', 'TO_BE_CANCELLED', 'TO_BE_CONFIRMED'].sort()
    );
    expect(statusMeaning('SOMETHING_NEW')).toEqual({
      schemaOrg: 'EventScheduled',
      ical: null,
      cancelled: false,
    });
  });

  it('leaves out what an event does not have', () => {
    const bare = ld({
      documentId: 'd',
      stagerId: 'ev-bare',
      name: 'Alleen een naam',
      start: '2027-01-01T20:00:00Z',
    });
    expect(bare).toEqual({
      '@type': 'Event',
      identifier: 'ev-bare',
      name: 'Alleen een naam',
      startDate: '2027-01-01T21:00:00+01:00',
      eventStatus: 'https://schema.org/EventScheduled',
    });
    const place: Place = ld(fullEvent({ location: { name: 'Ergens' } })).location;
    expect(place).toEqual({ '@type': 'Place', name: 'Ergens' });
  });

  it('keeps Dutch diacritics and emoji as they are, and strips markup', () => {
    const event = ld(
      fullEvent({
        name: 'Café-concert: Zoë & de Ĳsbrekers 🎻',
        text: '<p>Één avond vol <strong>muziek</strong> &amp; poëzie 🎉</p><ul><li>Deuren: 19:45</li></ul>',
      })
    );
    expect(event.name).toBe('Café-concert: Zoë & de Ĳsbrekers 🎻');
    expect(event.description).toBe('Één avond vol muziek & poëzie 🎉\n\n- Deuren: 19:45');
    expect(JSON.parse(JSON.stringify(event)).name).toBe(event.name);
  });

  it('lists several events in one @graph', () => {
    const document = eventsDocument(
      [fullEvent(), fullEvent({ documentId: 'doc-2', stagerId: 'ev-2' })],
      options
    );
    expect(document['@context']).toBe('https://schema.org');
    expect(document['@graph'].map((event) => (event as { identifier: string }).identifier)).toEqual(
      ['ev-993271', 'ev-2']
    );
  });
});

describe('plain text from Markdown with HTML', () => {
  it.each([
    ['# Titel\n\nEen **vette** en _schuine_ tekst.', 'Titel\n\nEen vette en schuine tekst.'],
    ['Zie [de site](https://example.org) ![foto](x.jpg)', 'Zie de site (https://example.org) foto'],
    ['* één\n* twee', '- één\n- twee'],
    ['<script>alert(1)</script><p>Veilig &euro; 5,&#8211; &#x1F600;</p>', 'Veilig € 5,– 😀'],
    ['a<br>b<br/>c', 'a\nb\nc'],
    ['   ', null],
    [null, null],
  ])('%j → %j', (source, expected) => {
    expect(plainText(source)).toBe(expected);
  });
});
