import type { Core } from '@strapi/strapi';
import { registerComponents } from './components/register';
import { offerPluginEvents } from './events/plugin-events';
import { createWebhookMiddleware } from './ingest/webhook';
import { runtimeOf } from './plugin-runtime';
import { restrictGraphql } from './read-api/graphql';
import { hideRemovedFromContentApi } from './read-api/hide-removed';

export default function register({ strapi }: { strapi: Core.Strapi }) {
  registerComponents(strapi);
  hideRemovedFromContentApi(strapi);
  restrictGraphql(strapi);
  mountWebhook(strapi);
  offerPluginEvents(strapi);
}

/** Mounts the webhook ahead of Strapi's global middlewares, so its body never meets `strapi::body`. */
function mountWebhook(strapi: Core.Strapi) {
  const runtime = runtimeOf(strapi);
  const apiPrefix = strapi.config.get('api.rest.prefix', '/api') as string;
  strapi.server.use(
    createWebhookMiddleware({
      path: `${apiPrefix}/stager/webhook`,
      settings: runtime.ingestSettings,
      accept: (message) => runtime.accept(message),
      rejections: runtime.rejections,
      onAnswer: (status, refusal) => runtime.stats.answered(status, refusal),
      logError: (message) => strapi.log.error(message),
    })
  );
}
