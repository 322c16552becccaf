// What each public field of the synced content types and their components means, for the field
// reference in docs/front-end.md (`npm run docs:fields`). A unit test fails when a schema field has no
// entry here, or an entry names a field the schemas do not have.

const sync = (description) => ({ writer: 'sync', description });
const editor = (description) => ({ writer: 'editor', description });
/** A field kept per language with `i18n.enabled` (shared/contracts/translations.ts says which). */
const perLanguage = (field) => ({ ...field, perLanguage: true });
const translation = () =>
  sync(
    "With `i18n.enabled`, who wrote the entry's words in this locale and when; kept for the sync and the Content Manager."
  );

export const CONTENT_TYPE_FIELDS = {
  'plugin::stager.event': {
    stagerId: sync(
      "Stager's id of the event (`id` in the feed). Unique; a string, never a number."
    ),
    name: perLanguage(sync('Title of the event.')),
    subtitle: perLanguage(sync('Subtitle.')),
    eventStatus: sync(
      "Stager's status of the event (`status` in the feed; named so because Strapi 5 uses `status` for drafts): `OPTION`, `TO_BE_CONFIRMED`, `CONFIRMED`, `TO_BE_CANCELLED`, `CANCELLED`, or any newer value Stager sends, kept as sent."
    ),
    start: sync('When the event starts.'),
    end: sync('When the event ends.'),
    doorsOpen: sync('When the doors open.'),
    modifiedAt: sync('Last change of the event in Stager.'),
    organization: sync('The organisation the event belongs to.'),
    location: sync('Where the event takes place (the location embedded in the feed event).'),
    spaceIds: sync(
      "Ids of the halls or rooms of the location used (see the location's `spaces`), as an array of strings."
    ),
    text: perLanguage(sync('Publicity text (`publicity.text`): Markdown, may contain HTML.')),
    textHtml: perLanguage(sync('Publicity text as HTML (`publicity.textHtml`).')),
    ticketShopUrl: sync('Where tickets are sold (`publicity.ticketShopUrl`).'),
    genre: sync('Genre (`publicity.genre`).'),
    tags: sync('Tags (`publicity.tags`), as an array of strings.'),
    language: sync('Language of the event (`publicity.language`).'),
    mainImage: sync('Main image (`publicity.mainImage`).'),
    images: sync('Additional images (`publicity.images`).'),
    videos: sync('Videos (`publicity.videos`).'),
    programItems: sync('Running order of the evening.'),
    ticketTypes: sync('Ticket types with prices and availability.'),
    accountingId: sync("Stager's accounting id."),
    eventGroup: sync('The multi-access event or series this event belongs to.'),
    projectType: sync('Project type (Extended data level only).'),
    memberLink: sync('Link for members (Extended data level only).'),
    expectedVisitors: sync('Expected number of visitors (Extended data level only).'),
    featured: editor('Editors tick this to feature the event; the sync never touches it.'),
    hidden: editor(
      "Editors tick this to take the event off the site: hidden events are left out of REST and GraphQL, like removed ones, and no message brings them back. With `newEvents: 'review'` new events arrive hidden."
    ),
    editorialText: perLanguage(
      editor('Text written by editors (Markdown); the sync never touches it.')
    ),
    raw: sync(
      'The last Stager payload of this event, whole, unknown fields included: use a new Stager field before the mapping knows it.'
    ),
    syncSequence: sync(
      'Receipt order of the last message that wrote the entry; kept for the sync.'
    ),
    removedAt: sync(
      'Set when Stager removed the event. Removed events are left out of REST and GraphQL answers, so the public API always shows `null`.'
    ),
    translation: translation(),
  },
  'plugin::stager.location': {
    stagerId: sync("Stager's id of the location. Unique; a string."),
    name: perLanguage(sync('Name of the venue.')),
    street: sync('Street.'),
    houseNumber: sync('House number, as text (may hold additions such as `12-A`).'),
    zipcode: sync('Postal code.'),
    city: sync('City.'),
    country: sync('Country, ISO 3166-1 alpha-2 (`NL`).'),
    latitude: sync('Latitude in degrees.'),
    longitude: sync('Longitude in degrees.'),
    website: sync('Website of the venue.'),
    spaces: sync('Halls or rooms of the location.'),
    organization: sync('The organisation whose feed last sent the location.'),
    events: sync("Events at this location (the other side of the event's `location`)."),
    raw: sync('The last Stager payload of this location, whole.'),
    syncSequence: sync(
      'Receipt order of the last message that wrote the entry; kept for the sync.'
    ),
    removedAt: sync(
      'Set when Stager removed the location; removed locations are left out of the public API. Events keep their link.'
    ),
    translation: translation(),
  },
  'plugin::stager.organization': {
    stagerId: sync("Stager's id of the organisation. Unique; a string."),
    name: perLanguage(sync('Name of the venue or promoter.')),
    website: sync('Website.'),
    email: sync('Public e-mail address.'),
    phone: sync('Public phone number.'),
    logo: sync('Logo.'),
    locations: sync('Locations of the organisation.'),
    events: sync('Events of the organisation.'),
    raw: sync('The last Stager payload of this organisation, whole.'),
    syncSequence: sync(
      'Receipt order of the last message that wrote the entry; kept for the sync.'
    ),
    removedAt: sync('Reserved: no message type removes an organisation.'),
    translation: translation(),
  },
};

export const COMPONENT_FIELDS = {
  'stager.image': {
    url: 'Address of the image, hosted by Stager.',
    media:
      'The image as a Media Library file, with its formats; empty until it is downloaded, or when it could not be.',
    alt: 'Alternative text.',
    width: 'Width in pixels.',
    height: 'Height in pixels.',
  },
  'stager.video': {
    url: 'Address of the video.',
    title: 'Title.',
  },
  'stager.space': {
    stagerId: "Stager's id of the hall or room; events list it in `spaceIds`.",
    name: 'Name of the hall or room.',
  },
  'stager.program-item': {
    name: 'What happens.',
    start: 'When it starts.',
    end: 'When it ends.',
    description: 'Plain-text description.',
  },
  'stager.ticket-type': {
    stagerId: "Stager's id of the ticket type.",
    name: 'Name (`Regulier`, `Student`).',
    price: 'Price in cents (`2250` is 22.50).',
    webFee: 'Online booking fee in cents.',
    currency: 'ISO 4217 currency; `EUR` when Stager sends none.',
    saleStart: 'When sales open.',
    onlineSaleEnd: 'When online sales close.',
    doorSaleEnd: 'When sales at the door close.',
    onlineSoldOut: 'Sold out online.',
    doorSoldOut: 'Sold out at the door.',
    total: 'Number of tickets (Extended data level only).',
    available: 'Tickets still available (Extended data level only).',
    reserved: 'Tickets reserved (Extended data level only).',
    soldOutOverride: 'Marked sold out by hand in Stager (Extended data level only).',
  },
  'stager.event-group': {
    stagerId: "Stager's id of the multi-access event or series.",
    name: 'Name of the series.',
  },
};
