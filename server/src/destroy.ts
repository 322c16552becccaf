import type { Core } from '@strapi/strapi';
import { getService } from './services/get-service';

export default async function destroy({ strapi }: { strapi: Core.Strapi }) {
  await getService(strapi, 'runtime').stop();
}
