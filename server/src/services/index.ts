import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { createRuntime } from '../runtime';
import { ENTITY_UIDS } from '../store/entity-types';

export default {
  runtime: ({ strapi }: { strapi: Core.Strapi }) => createRuntime(strapi),
  event: factories.createCoreService(ENTITY_UIDS.event as never),
  location: factories.createCoreService(ENTITY_UIDS.location as never),
  organization: factories.createCoreService(ENTITY_UIDS.organization as never),
};
