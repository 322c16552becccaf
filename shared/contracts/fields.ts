/** Who writes each synced field, and which fields the public API shows: the server and the admin read these. */

/**
 * `stager`: every newer message writes the field. `once`: written when the entry is created, then
 * the editor's. `editor`: the sync never writes it.
 */
export const FIELD_AUTHORITIES = ['stager', 'once', 'editor'] as const;

export type FieldAuthority = (typeof FIELD_AUTHORITIES)[number];

export const SYNCED_TYPES = ['event', 'location', 'organization'] as const;

export type SyncedType = (typeof SYNCED_TYPES)[number];

/**
 * The fields mapped from Stager whose authority a site chooses. Identity and bookkeeping (`stagerId`,
 * relations, `raw`, `spaceIds`, `modifiedAt`, sequence, removal) always follow Stager.
 */
export const AUTHORITY_FIELDS = {
  event: [
    'name',
    'subtitle',
    'eventStatus',
    'start',
    'end',
    'doorsOpen',
    'text',
    'textHtml',
    'ticketShopUrl',
    'genre',
    'tags',
    'language',
    'mainImage',
    'images',
    'videos',
    'programItems',
    'ticketTypes',
    'accountingId',
    'eventGroup',
    'projectType',
    'memberLink',
    'expectedVisitors',
  ],
  location: [
    'name',
    'street',
    'houseNumber',
    'zipcode',
    'city',
    'country',
    'latitude',
    'longitude',
    'website',
    'spaces',
  ],
  organization: ['name', 'website', 'email', 'phone', 'logo'],
} as const satisfies Record<SyncedType, readonly string[]>;

/** Fields an entry cannot be created without: the sync writes them at least once. */
export const REQUIRED_FIELDS: Readonly<Record<SyncedType, readonly string[]>> = {
  event: ['name', 'start'],
  location: ['name'],
  organization: ['name'],
};

/** Authorities by type and field; a field left out follows Stager. */
export type FieldAuthorityMap = Partial<
  Record<SyncedType, Partial<Record<string, FieldAuthority>>>
>;

/** Where one field's authority comes from: the site's config wins over the admin panel. */
export type AuthoritySource = 'config' | 'admin' | 'default';

export interface FieldAuthorityView {
  field: string;
  authority: FieldAuthority;
  source: AuthoritySource;
  /** Set in the site's config: the admin panel shows it and cannot change it. */
  readOnly: boolean;
}

/** What happens to an event Stager creates: `publish` shows it at once, `review` keeps it hidden until an editor shows it. */
export const NEW_EVENT_MODES = ['publish', 'review'] as const;

export type NewEventMode = (typeof NEW_EVENT_MODES)[number];
