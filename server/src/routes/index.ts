import { factories } from '@strapi/strapi';
import { ENTITY_UIDS } from '../store/entity-types';

const readOnly = (uid: string) => factories.createCoreRouter(uid as never, { only: ['find', 'findOne'] });

/** Read-only content API: GET /api/stager/{events,locations,organizations}[/:documentId]. */
export default {
  events: readOnly(ENTITY_UIDS.event),
  locations: readOnly(ENTITY_UIDS.location),
  organizations: readOnly(ENTITY_UIDS.organization),
};
