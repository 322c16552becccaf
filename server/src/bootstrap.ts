import type { Core } from '@strapi/strapi';
import { registerAdminActions } from './admin-api/permissions';
import { getService } from './services/get-service';

export default async function bootstrap({ strapi }: { strapi: Core.Strapi }) {
  await registerAdminActions(strapi);
  await getService(strapi, 'runtime').start();
}
