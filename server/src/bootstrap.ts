import type { Core } from '@strapi/strapi';
import { runtimeOf } from './plugin-runtime';

export default function bootstrap({ strapi }: { strapi: Core.Strapi }) {
  runtimeOf(strapi).start();
}
