import { factories } from '@strapi/strapi';
import { historyController, settingsController } from '../admin-api/controllers';
import { entrySyncController } from '../admin-api/entry-sync-controller';
import { metricsController } from '../metrics/metrics-controller';
import { calendarController, structuredDataController } from '../publish/controllers';
import { ENTITY_UIDS } from '../store/entity-types';

export default {
  event: factories.createCoreController(ENTITY_UIDS.event as never),
  location: factories.createCoreController(ENTITY_UIDS.location as never),
  organization: factories.createCoreController(ENTITY_UIDS.organization as never),
  settings: settingsController,
  history: historyController,
  metrics: metricsController,
  'structured-data': structuredDataController,
  calendar: calendarController,
  entrySync: entrySyncController,
};
