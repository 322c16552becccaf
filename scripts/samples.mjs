export const MESSAGE_TYPES = [
  'UPDATE_EVENTS',
  'UPDATE_LOCATIONS',
  'UPDATE_ORGANIZATION',
  'DELETE_EVENTS',
  'DELETE_LOCATIONS',
  'ORGANIZATION_SYNC',
];

// Where the samples' images are; the demo serves a copy of each (playground/public/demo-images/).
const CDN = 'https://cdn.example.org/stager/org-4512';

export const organization = () => ({
  id: 'org-4512',
  name: 'Paradiso Noord',
  website: 'https://www.paradisonoord.example.org',
  email: 'info@paradisonoord.example.org',
  phone: '+31 20 555 0142',
  logo: { url: `${CDN}/logo.png`, alt: 'Paradiso Noord', width: 512, height: 512 },
});

export const tolhuistuin = () => ({
  id: 'loc-77',
  name: 'Tolhuistuin',
  street: 'IJpromenade',
  houseNumber: '2',
  zipcode: '1031 KT',
  city: 'Amsterdam',
  country: 'NL',
  latitude: 52.3843,
  longitude: 4.9024,
  website: 'https://www.tolhuistuin.example.org',
  spaces: [
    { id: 'sp-771', name: 'Grote Zaal' },
    { id: 'sp-772', name: 'Salon' },
    { id: 'sp-773', name: 'Tuin' },
  ],
});

export const paviljoen = () => ({
  id: 'loc-81',
  name: 'Noorderpark Paviljoen',
  street: 'Sixhavenweg',
  houseNumber: '10',
  zipcode: '1021 HG',
  city: 'Amsterdam',
  country: 'NL',
  latitude: 52.3921,
  longitude: 4.9168,
  website: 'https://www.noorderparkpaviljoen.example.org',
  spaces: [{ id: 'sp-811', name: 'Paviljoen' }],
});

const image = (name, alt) => ({ url: `${CDN}/${name}.jpg`, alt, width: 1920, height: 1080 });

export function exampleEvent(overrides = {}) {
  return {
    id: 'ev-993271',
    name: 'Nachtcollege: Sterren & Straten',
    subtitle: 'Een avond over de stad bij nacht',
    status: 'CONFIRMED',
    start: '2026-12-31T20:30:00+01:00',
    end: '2026-12-31T23:00:00+01:00',
    doorsOpen: '2026-12-31T19:45:00+01:00',
    modifiedAt: '2026-11-20T10:15:03+01:00',
    location: tolhuistuin(),
    spaceIds: ['sp-771'],
    publicity: {
      text: '**Lezing** met muziek. Astronoom en stadsgeograaf nemen je mee langs de <em>nachtelijke</em> hemel boven Amsterdam.',
      textHtml:
        '<p><strong>Lezing</strong> met muziek. Astronoom en stadsgeograaf nemen je mee langs de <em>nachtelijke</em> hemel boven Amsterdam.</p>',
      ticketShopUrl: 'https://tickets.example.org/paradiso-noord/ev-993271',
      genre: 'Lezing',
      tags: ['lezing', 'wetenschap', 'oudejaarsavond'],
      language: 'nl',
      mainImage: image('ev-993271-main', 'Podium met sterrenhemel'),
      images: [image('ev-993271-zaal', 'De Grote Zaal'), image('ev-993271-spreker', 'De sprekers')],
      videos: [
        {
          url: 'https://video.example.org/watch/nachtcollege-trailer',
          title: 'Trailer Nachtcollege',
        },
      ],
    },
    programItems: [
      {
        name: 'Deuren open',
        start: '2026-12-31T19:45:00+01:00',
        end: '2026-12-31T20:30:00+01:00',
        description: 'Bar open in de foyer',
      },
      {
        name: 'Lezing',
        start: '2026-12-31T20:30:00+01:00',
        end: '2026-12-31T21:45:00+01:00',
        description: 'Sterren boven de stad',
      },
      {
        name: 'Live muziek',
        start: '2026-12-31T22:00:00+01:00',
        end: '2026-12-31T23:00:00+01:00',
        description: 'Strijkkwartet Noord',
      },
    ],
    ticketTypes: [
      {
        id: 'tt-1',
        name: 'Regulier',
        price: 2250,
        webFee: 150,
        currency: 'EUR',
        saleStart: '2026-11-01T10:00:00+01:00',
        onlineSaleEnd: '2026-12-31T20:00:00+01:00',
        doorSaleEnd: '2026-12-31T21:00:00+01:00',
        onlineSoldOut: false,
        doorSoldOut: false,
        total: 400,
        available: 137,
        reserved: 12,
        soldOutOverride: false,
      },
      {
        id: 'tt-2',
        name: 'Student',
        price: 1500,
        webFee: 150,
        currency: 'EUR',
        saleStart: '2026-11-01T10:00:00+01:00',
        onlineSaleEnd: '2026-12-31T20:00:00+01:00',
        doorSaleEnd: '2026-12-31T21:00:00+01:00',
        onlineSoldOut: true,
        doorSoldOut: false,
        total: 100,
        available: 0,
        reserved: 0,
        soldOutOverride: false,
      },
    ],
    accountingId: 'PN-2026-1231',
    eventGroup: { id: 'eg-310', name: 'Nachtcollege 2026/2027' },
    projectType: 'Lezing',
    memberLink: 'https://leden.example.org/paradiso-noord/ev-993271',
    expectedVisitors: 350,
    ...overrides,
  };
}

const ev993272 = () =>
  exampleEvent({
    id: 'ev-993272',
    name: 'Nachtcollege: Licht & Lawaai',
    subtitle: 'Over geluid in de stad',
    start: '2027-01-14T20:30:00+01:00',
    end: '2027-01-14T22:30:00+01:00',
    doorsOpen: '2027-01-14T20:00:00+01:00',
    modifiedAt: '2026-11-21T09:02:44+01:00',
    spaceIds: ['sp-772'],
    publicity: {
      ...exampleEvent().publicity,
      ticketShopUrl: 'https://tickets.example.org/paradiso-noord/ev-993272',
      tags: ['lezing', 'geluid'],
      mainImage: image('ev-993272-main', 'Geluidsgolven boven het IJ'),
      images: [],
      videos: [],
    },
    programItems: [
      {
        name: 'Lezing',
        start: '2027-01-14T20:30:00+01:00',
        end: '2027-01-14T22:30:00+01:00',
        description: 'Licht en lawaai in Amsterdam-Noord',
      },
    ],
    ticketTypes: [
      {
        id: 'tt-3',
        name: 'Regulier',
        price: 1950,
        webFee: 150,
        currency: 'EUR',
        saleStart: '2026-11-15T10:00:00+01:00',
        onlineSoldOut: false,
        doorSoldOut: false,
      },
    ],
    accountingId: 'PN-2027-0114',
    expectedVisitors: 120,
  });

const ev993273 = () =>
  exampleEvent({
    id: 'ev-993273',
    name: 'Winterbal in het Paviljoen',
    subtitle: undefined,
    status: 'TO_BE_CONFIRMED',
    start: '2027-02-06T21:00:00+01:00',
    end: '2027-02-07T02:00:00+01:00',
    doorsOpen: '2027-02-06T20:30:00+01:00',
    modifiedAt: '2026-11-22T16:40:10+01:00',
    location: paviljoen(),
    spaceIds: ['sp-811'],
    publicity: {
      text: 'Dansen tot diep in de nacht.',
      ticketShopUrl: 'https://tickets.example.org/paradiso-noord/ev-993273',
      genre: 'Dance',
      tags: ['dans', 'feest'],
      language: 'nl',
      mainImage: image('ev-993273-main', 'Discobal'),
      images: [],
      videos: [],
    },
    programItems: [],
    ticketTypes: [
      {
        id: 'tt-4',
        name: 'Early bird',
        price: 1750,
        webFee: 200,
        currency: 'EUR',
        saleStart: '2026-11-25T10:00:00+01:00',
        onlineSoldOut: true,
        doorSoldOut: true,
      },
      {
        id: 'tt-5',
        name: 'Regulier',
        price: 2500,
        webFee: 200,
        currency: 'EUR',
        saleStart: '2026-11-25T10:00:00+01:00',
        onlineSoldOut: false,
        doorSoldOut: false,
      },
    ],
    accountingId: 'PN-2027-0206',
    eventGroup: undefined,
    expectedVisitors: 600,
  });

const ev993274 = () =>
  exampleEvent({
    id: 'ev-993274',
    name: 'Nachtcollege: Water & Wind',
    subtitle: 'Het IJ als klimaatlaboratorium',
    start: '2027-02-18T20:30:00+01:00',
    end: '2027-02-18T22:30:00+01:00',
    doorsOpen: '2027-02-18T20:00:00+01:00',
    modifiedAt: '2026-11-26T11:20:00+01:00',
    spaceIds: ['sp-771'],
    publicity: {
      ...exampleEvent().publicity,
      ticketShopUrl: 'https://tickets.example.org/paradiso-noord/ev-993274',
      tags: ['lezing', 'klimaat'],
      mainImage: image('ev-993274-main', 'Golven op het IJ'),
      images: [],
      videos: [],
    },
    programItems: [
      {
        name: 'Lezing',
        start: '2027-02-18T20:30:00+01:00',
        end: '2027-02-18T22:30:00+01:00',
        description: 'Water en wind rond Amsterdam',
      },
    ],
    ticketTypes: [
      {
        id: 'tt-6',
        name: 'Regulier',
        price: 1950,
        webFee: 150,
        currency: 'EUR',
        saleStart: '2026-11-26T10:00:00+01:00',
        onlineSoldOut: false,
        doorSoldOut: false,
      },
    ],
    accountingId: 'PN-2027-0218',
    expectedVisitors: 300,
  });

export function buildUpdateEvents({
  organization: org = organization(),
  events = [exampleEvent()],
} = {}) {
  return { messageType: 'UPDATE_EVENTS', messageContent: { organization: org, events } };
}

/**
 * A full sync of `size` upcoming events over 20 locations, as a large organisation sends it every
 * night; `prefix` keeps its ids apart from other syncs'.
 */
export function buildLargeSync(size, prefix = `sync-${size}`) {
  const locations = Array.from({ length: 20 }, (_, i) => ({
    ...tolhuistuin(),
    id: `${prefix}-loc-${i}`,
    name: `Zaal ${i}`,
  }));
  const events = Array.from({ length: size }, (_, i) => {
    const day = String(1 + (i % 28)).padStart(2, '0');
    return exampleEvent({
      id: `${prefix}-${i}`,
      name: `Event ${i}`,
      start: `2027-05-${day}T20:00:00+02:00`,
      end: null,
      location: locations[i % 20],
    });
  });
  return {
    messageType: 'ORGANIZATION_SYNC',
    messageContent: { organization: { ...organization(), id: `${prefix}-org` }, locations, events },
  };
}

export function sampleMessages() {
  const messages = {
    UPDATE_EVENTS: buildUpdateEvents({ events: [exampleEvent(), ev993272(), ev993273()] }),
    UPDATE_LOCATIONS: {
      messageType: 'UPDATE_LOCATIONS',
      messageContent: { organization: organization(), locations: [tolhuistuin(), paviljoen()] },
    },
    UPDATE_ORGANIZATION: {
      messageType: 'UPDATE_ORGANIZATION',
      messageContent: { organization: { ...organization(), phone: '+31 20 555 0143' } },
    },
    DELETE_EVENTS: {
      messageType: 'DELETE_EVENTS',
      messageContent: { organizationId: 'org-4512', eventIds: ['ev-993273'] },
    },
    DELETE_LOCATIONS: {
      messageType: 'DELETE_LOCATIONS',
      messageContent: { organizationId: 'org-4512', locationIds: ['loc-81'] },
    },
    ORGANIZATION_SYNC: {
      messageType: 'ORGANIZATION_SYNC',
      messageContent: {
        organization: { ...organization(), phone: '+31 20 555 0143' },
        locations: [tolhuistuin()],
        events: [exampleEvent(), ev993272(), ev993274()],
      },
    },
  };
  return JSON.parse(JSON.stringify(messages));
}

/**
 * The messages with every sample image taken from `base` instead of the samples' CDN: the demo
 * serves each one under the same file name.
 */
export function withImagesFrom(messages, base) {
  return JSON.parse(JSON.stringify(messages).replaceAll(`${CDN}/`, `${base.replace(/\/$/, '')}/`));
}
