import type { Core } from '@strapi/strapi';
import { registerComponents } from './components/register';
import { offerPluginEvents } from './events/plugin-events';
import { createWebhookMiddleware } from './ingest/webhook';
import { webhookPath } from './config';
import { getService } from './services/get-service';
import { restrictGraphql } from './read-api/graphql';
import { applyPublicFields } from './fields/public-fields';
import { renameColumnsBeforeSync } from './fields/renamed-columns';
import { hideFromContentApi } from './read-api/hide-from-site';
import { guardOwnedFields } from './fields/content-manager-guard';

export default function register({ strapi }: { strapi: Core.Strapi }) {
  registerComponents(strapi);
  renameColumnsBeforeSync(strapi);
  applyPublicFields(strapi);
  hideFromContentApi(strapi);
  guardOwnedFields(strapi, () => getService(strapi, 'runtime').writePolicy);
  restrictGraphql(strapi);
  mountWebhook(strapi);
  offerPluginEvents(strapi);
}

/** Mounts the webhook ahead of Strapi's global middlewares, so its body never meets `strapi::body`. */
function mountWebhook(strapi: Core.Strapi) {
  const runtime = getService(strapi, 'runtime');
  strapi.server.use(
    createWebhookMiddleware({
      path: webhookPath(strapi),
      settings: runtime.ingestSettings,
      accept: (message) => runtime.accept(message),
      rejections: runtime.rejections,
      onAnswer: (status, refusal) => runtime.stats.answered(status, refusal),
      logError: (message) => strapi.log.error(message),
    })
  );
}
