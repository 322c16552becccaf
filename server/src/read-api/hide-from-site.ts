import type { Core } from '@strapi/strapi';
import { ENTITY_UIDS } from '../store/entity-types';

const READS = new Set(['findMany', 'findFirst', 'findOne', 'count']);

const notRemoved = { removedAt: { $null: true } };
const notHidden = { $or: [{ hidden: { $null: true } }, { hidden: false }] };

/** What the site shows of each synced type: entries Stager removed and events editors hid stay out. */
const SHOWN: Record<string, object> = {
  [ENTITY_UIDS.organization]: notRemoved,
  [ENTITY_UIDS.location]: notRemoved,
  [ENTITY_UIDS.event]: { $and: [notRemoved, notHidden] },
};

/**
 * Removed entries (removedAt set) and hidden events leave the public API, REST and GraphQL alike,
 * while the Content Manager still shows them to editors. One document-service middleware covers
 * both APIs: it filters reads made while serving a content-API request.
 */
export function hideFromContentApi(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    const shown = SHOWN[context.uid];
    if (!shown || !READS.has(context.action) || !servingContentApi(strapi)) return next();
    const params = context.params as { filters?: unknown };
    params.filters = params.filters ? { $and: [params.filters, shown] } : shown;
    return next();
  });
}

function servingContentApi(strapi: Core.Strapi): boolean {
  const request = strapi.requestContext.get();
  return request?.state?.route?.info?.type === 'content-api';
}
