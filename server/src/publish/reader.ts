import type { Core } from '@strapi/strapi';
import { ENTITY_UIDS } from '../store/entity-types';
import type { PublishedEvent } from './published-event';

/**
 * Reads events for the structured data and the calendars through the document service, inside the
 * content-API request: what keeps events off the site for REST (removed, hidden, in review) keeps
 * them out here too. Only fields the site shows in REST are read: a field made private by
 * `publicFields` (or by default) is never asked for.
 */

type Attributes = Record<
  string,
  { type: string; private?: boolean; component?: string; target?: string }
>;

const CALENDAR_FIELDS = [
  'stagerId',
  'name',
  'subtitle',
  'eventStatus',
  'start',
  'end',
  'modifiedAt',
  'updatedAt',
  'text',
  'textHtml',
  'editorialText',
  'ticketShopUrl',
  'genre',
];
const STRUCTURED_FIELDS = [...CALENDAR_FIELDS, 'doorsOpen', 'language'];
const LOCATION_FIELDS = [
  'stagerId',
  'name',
  'street',
  'houseNumber',
  'zipcode',
  'city',
  'country',
  'latitude',
  'longitude',
  'website',
  'updatedAt',
];
const ORGANIZATION_FIELDS = ['stagerId', 'name', 'website', 'updatedAt'];
const IMAGE_FIELDS = ['url', 'alt', 'width', 'height'];
const FILE_FIELDS = ['url', 'alternativeText', 'width', 'height'];
const TICKET_FIELDS = [
  'stagerId',
  'name',
  'price',
  'webFee',
  'currency',
  'saleStart',
  'onlineSaleEnd',
  'onlineSoldOut',
  'soldOutOverride',
  'available',
];
const GROUP_FIELDS = ['stagerId', 'name'];

function attributesOf(strapi: Core.Strapi, uid: string): Attributes {
  const schema = uid.startsWith('plugin::')
    ? strapi.contentType(uid as never)
    : strapi.components[uid as keyof typeof strapi.components];
  return schema.attributes as Attributes;
}

/** The wanted fields that the schema has and the site shows (`updatedAt` is always public). */
function shown(attributes: Attributes, wanted: string[]): string[] {
  return wanted.filter((field) => attributes[field] && !attributes[field].private);
}

function populateOf(strapi: Core.Strapi, withImagesAndOffers: boolean) {
  const event = attributesOf(strapi, ENTITY_UIDS.event);
  const populate: Record<string, object> = {};
  const add = (field: string, uid: string, fields: string[], nested?: Record<string, object>) => {
    if (!event[field] || event[field].private) return;
    populate[field] = {
      fields: shown(attributesOf(strapi, uid), fields),
      ...(nested && { populate: nested }),
    };
  };
  add('location', ENTITY_UIDS.location, LOCATION_FIELDS);
  add('organization', ENTITY_UIDS.organization, ORGANIZATION_FIELDS);
  if (withImagesAndOffers) {
    const image = attributesOf(strapi, 'stager.image');
    const media =
      image.media && !image.media.private ? { media: { fields: FILE_FIELDS } } : undefined;
    add('mainImage', 'stager.image', IMAGE_FIELDS, media);
    add('images', 'stager.image', IMAGE_FIELDS, media);
    add('ticketTypes', 'stager.ticket-type', TICKET_FIELDS);
    add('eventGroup', 'stager.event-group', GROUP_FIELDS);
  }
  return populate;
}

export type EventView = 'structured-data' | 'calendar';

export interface EventQuery {
  filters: object;
  locale?: string;
  limit: number;
}

export function createEventReader(strapi: Core.Strapi) {
  const events = () => strapi.documents(ENTITY_UIDS.event as never);
  const fieldsOf = (view: EventView) =>
    shown(
      attributesOf(strapi, ENTITY_UIDS.event),
      view === 'calendar' ? CALENDAR_FIELDS : STRUCTURED_FIELDS
    );

  return {
    /** Whether the site shows `field` of events in REST (filters on private fields are refused). */
    isPublic: (field: string) => {
      const attribute = attributesOf(strapi, ENTITY_UIDS.event)[field];
      return Boolean(attribute && !attribute.private);
    },

    /** The events of a selection, by start, with what `view` needs. */
    async findMany(view: EventView, query: EventQuery): Promise<PublishedEvent[]> {
      return (await events().findMany({
        filters: query.filters,
        locale: query.locale,
        fields: fieldsOf(view),
        populate: populateOf(strapi, view === 'structured-data'),
        sort: [{ start: 'asc' }, { id: 'asc' }],
        limit: query.limit,
      } as never)) as unknown as PublishedEvent[];
    },

    /**
     * What a calendar feed's validator is made of: each selected event's id and last change, and
     * those of its location and organisation. No components, no text: a fraction of the feed's cost.
     */
    async versions(query: EventQuery): Promise<PublishedEvent[]> {
      const stamp = { fields: ['updatedAt'] };
      const event = attributesOf(strapi, ENTITY_UIDS.event);
      return (await events().findMany({
        filters: query.filters,
        locale: query.locale,
        fields: shown(event, ['updatedAt', 'modifiedAt']),
        populate: {
          ...(event.location.private ? {} : { location: stamp }),
          ...(event.organization.private ? {} : { organization: stamp }),
        },
        sort: [{ start: 'asc' }, { id: 'asc' }],
        limit: query.limit,
      } as never)) as unknown as PublishedEvent[];
    },
  };
}

export type EventReader = ReturnType<typeof createEventReader>;
