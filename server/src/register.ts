import type { Core } from '@strapi/strapi';
import { WEBHOOK_PATH } from '../../shared/constants';
import { registerComponents } from './components/register';
import { createWebhookMiddleware } from './ingest/webhook';
import { runtimeOf } from './plugin-runtime';
import { restrictGraphql } from './read-api/graphql';
import { hideRemovedFromContentApi } from './read-api/hide-removed';

export default function register({ strapi }: { strapi: Core.Strapi }) {
  registerComponents(strapi);
  hideRemovedFromContentApi(strapi);
  restrictGraphql(strapi);
  mountWebhook(strapi);
}

/** Mounts the webhook ahead of Strapi's global middlewares, so its body never meets `strapi::body`. */
function mountWebhook(strapi: Core.Strapi) {
  const runtime = runtimeOf(strapi);
  const apiPrefix = strapi.config.get('api.rest.prefix', '/api') as string;
  strapi.server.use(
    createWebhookMiddleware({
      path: `${apiPrefix}${WEBHOOK_PATH}`,
      settings: runtime.ingestSettings,
      accept: (message) => runtime.accept(message),
      rejections: runtime.rejections,
      logError: (message) => strapi.log.error(message),
    })
  );
}
