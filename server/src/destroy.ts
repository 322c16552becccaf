import type { Core } from '@strapi/strapi';
import { runtimeOf } from './plugin-runtime';

export default async function destroy({ strapi }: { strapi: Core.Strapi }) {
  await runtimeOf(strapi).stop();
}
