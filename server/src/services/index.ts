import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { createEntrySyncService } from '../history/entry-sync';
import { createHealthService } from '../history/health';
import { createHistoryService } from '../history/history-service';
import { createRuntime } from '../runtime';
import { createSettingsService } from '../settings/settings-service';
import { ENTITY_UIDS } from '../store/entity-types';

type ServiceContext = { strapi: Core.Strapi };

/** The plugin's own services, reached with `getService(strapi, name)`; a site can extend or replace each. */
export const pluginServices = {
  runtime: ({ strapi }: ServiceContext) => createRuntime(strapi),
  settings: ({ strapi }: ServiceContext) => createSettingsService(strapi),
  history: ({ strapi }: ServiceContext) => createHistoryService(strapi),
  health: ({ strapi }: ServiceContext) => createHealthService(strapi),
  entrySync: ({ strapi }: ServiceContext) => createEntrySyncService(strapi),
};

export default {
  ...pluginServices,
  event: factories.createCoreService(ENTITY_UIDS.event as never),
  location: factories.createCoreService(ENTITY_UIDS.location as never),
  organization: factories.createCoreService(ENTITY_UIDS.organization as never),
};
