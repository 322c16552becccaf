import type { Core } from '@strapi/strapi';
import { createWebhookMiddleware } from './ingest/webhook';
import { runtimeOf } from './plugin-runtime';

/** Mounts the webhook ahead of Strapi's global middlewares, so its body never meets `strapi::body`. */
export default function register({ strapi }: { strapi: Core.Strapi }) {
  const runtime = runtimeOf(strapi);
  const apiPrefix = strapi.config.get('api.rest.prefix', '/api') as string;
  strapi.server.use(
    createWebhookMiddleware({
      path: `${apiPrefix}/stager/webhook`,
      settings: runtime.ingestSettings,
      accept: (message) => runtime.accept(message),
      rejections: runtime.rejections,
      logError: (message) => strapi.log.error(message),
    })
  );
}
