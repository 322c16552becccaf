import type { SyncedType } from './fields';

/**
 * The fields of each synced type's edit view in the Content Manager, in its order, with the labels
 * editors see there. The server writes them into the Content Manager's layouts; the admin panel
 * names fields by them (Settings → Stager → What the sync owns).
 */
export const EDIT_VIEW_LABELS = {
  event: {
    hidden: 'Hidden',
    featured: 'Featured',
    editorialText: 'Editorial text',
    name: 'Name',
    subtitle: 'Subtitle',
    eventStatus: 'Stager status',
    start: 'Starts',
    end: 'Ends',
    doorsOpen: 'Doors open',
    location: 'Location',
    organization: 'Organisation',
    text: 'Description',
    textHtml: 'Description (HTML)',
    ticketShopUrl: 'Ticket shop link',
    genre: 'Genre',
    language: 'Language',
    tags: 'Tags',
    mainImage: 'Main image',
    images: 'Gallery',
    videos: 'Videos',
    programItems: 'Programme',
    ticketTypes: 'Tickets and prices',
    eventGroup: 'Event group',
    projectType: 'Project type',
    accountingId: 'Accounting id',
    memberLink: 'Members link',
    expectedVisitors: 'Expected visitors',
    modifiedAt: 'Changed in Stager',
    stagerId: 'Stager id',
    removedAt: 'Removed',
    raw: 'As Stager sent it',
  },
  location: {
    name: 'Name',
    street: 'Street',
    houseNumber: 'House number',
    zipcode: 'Postcode',
    city: 'City',
    country: 'Country',
    latitude: 'Latitude',
    longitude: 'Longitude',
    website: 'Website',
    organization: 'Organisation',
    spaces: 'Spaces (halls, rooms)',
    stagerId: 'Stager id',
    removedAt: 'Removed',
    raw: 'As Stager sent it',
  },
  organization: {
    name: 'Name',
    website: 'Website',
    email: 'Email',
    phone: 'Phone',
    logo: 'Logo',
    stagerId: 'Stager id',
    removedAt: 'Removed',
    raw: 'As Stager sent it',
  },
} as const satisfies Record<SyncedType, Record<string, string>>;

/** A field's label in the edit view, or null for a field the edit view does not show. */
export function editViewLabel(type: SyncedType, field: string): string | null {
  const labels: Readonly<Record<string, string>> = EDIT_VIEW_LABELS[type];
  return Object.hasOwn(labels, field) ? labels[field] : null;
}

/** A field's place in the edit view; fields it does not show come last. */
export function editViewPosition(type: SyncedType, field: string): number {
  const position = Object.keys(EDIT_VIEW_LABELS[type]).indexOf(field);
  return position === -1 ? Number.MAX_SAFE_INTEGER : position;
}
