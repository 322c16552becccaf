import type { Core } from '@strapi/strapi';
import { ENTITY_UIDS } from '../../server/src/store/entity-types';
import { request } from './http';
import type { LooseRow } from './inbox';
import type { TestSite } from './site';

/** The row of the entry of `uid` with this Stager id, as the query engine reads it. */
export const entryOf = (strapi: Core.Strapi, uid: string, stagerId: string) =>
  strapi.db.query(uid as never).findOne({ where: { stagerId } }) as Promise<LooseRow | null>;

/** An event as the Content Manager reads it: through the document service, everything populated. */
export const eventDocument = (strapi: Core.Strapi, documentId: string) =>
  strapi
    .documents(ENTITY_UIDS.event as never)
    .findOne({ documentId, populate: '*' } as never) as Promise<LooseRow>;

/** An event as front ends read it: over REST, everything populated. */
export const eventOverRest = async (site: TestSite, documentId: string) =>
  (await request(`${site.baseUrl}/api/stager/events/${documentId}?populate=*`, { method: 'GET' }))
    .json.data as LooseRow;

/**
 * An entry without what differs between two entries written the same way: ids and times, and at
 * the top its own Stager id.
 */
export function content(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((item) => content(item, depth + 1));
  if (value === null || typeof value !== 'object') return value;
  const varying = new Set([
    'id',
    'documentId',
    'createdAt',
    'updatedAt',
    'publishedAt',
    ...(depth === 0 ? ['stagerId'] : []),
  ]);
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !varying.has(key))
      .map(([key, item]) => [key, content(item, depth + 1)])
  );
}

/** The ids of an event's components, field by field, in their order. */
export function componentIds(event: LooseRow) {
  const ids = (items: Array<{ id: number }> | null) => (items ?? []).map((item) => item.id);
  return {
    mainImage: event.mainImage?.id ?? null,
    images: ids(event.images),
    videos: ids(event.videos),
    programItems: ids(event.programItems),
    ticketTypes: ids(event.ticketTypes),
    eventGroup: event.eventGroup?.id ?? null,
  };
}
