import { factories } from '@strapi/strapi';
import { adminRoutes } from '../admin-api/routes';
import { metricsRoutes } from '../metrics/routes';
import { publishRoutes } from '../publish/routes';
import { ENTITY_UIDS } from '../store/entity-types';

const readOnly = (uid: string) =>
  factories.createCoreRouter(uid as never, { only: ['find', 'findOne'] });

/**
 * Read-only content API (GET /api/stager/{events,locations,organizations}[/:documentId]), the
 * structured data and calendar feeds, the metrics and the admin panel's routes.
 */
export default {
  events: readOnly(ENTITY_UIDS.event),
  locations: readOnly(ENTITY_UIDS.location),
  organizations: readOnly(ENTITY_UIDS.organization),
  admin: adminRoutes,
  metrics: metricsRoutes,
  publish: publishRoutes,
};
