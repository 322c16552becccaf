import type { Core } from '@strapi/strapi';
import { ENTITY_UIDS } from '../store/entity-types';

const SYNCED_TYPES = new Set<string>(Object.values(ENTITY_UIDS));
const READS = new Set(['findMany', 'findFirst', 'findOne', 'count']);

/**
 * Removed entries (removedAt set) leave the public API, REST and GraphQL alike, while the
 * Content Manager still shows them to editors. One document-service middleware covers both APIs:
 * it filters reads made while serving a content-API request.
 */
export function hideRemovedFromContentApi(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (!SYNCED_TYPES.has(context.uid) || !READS.has(context.action) || !servingContentApi(strapi))
      return next();
    const params = context.params as { filters?: unknown };
    params.filters = params.filters
      ? { $and: [params.filters, { removedAt: { $null: true } }] }
      : { removedAt: { $null: true } };
    return next();
  });
}

function servingContentApi(strapi: Core.Strapi): boolean {
  const request = strapi.requestContext.get();
  return request?.state?.route?.info?.type === 'content-api';
}
