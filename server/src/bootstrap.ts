import type { Core } from '@strapi/strapi';
import { registerAdminActions } from './admin-api/permissions';
import { runtimeOf } from './plugin-runtime';

export default async function bootstrap({ strapi }: { strapi: Core.Strapi }) {
  await registerAdminActions(strapi);
  await runtimeOf(strapi).start();
}
