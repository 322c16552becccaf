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
import { localizeSyncedTypes } from './i18n/localize-types';
import { recordTranslations } from './i18n/translations';
import { keepSourceRowsWhenSwitchedOff } from './i18n/switch-off';

export default function register({ strapi }: { strapi: Core.Strapi }) {
  registerComponents(strapi);
  localizeSyncedTypes(strapi);
  keepSourceRowsWhenSwitchedOff(strapi);
  renameColumnsBeforeSync(strapi);
  applyPublicFields(strapi);
  hideFromContentApi(strapi);
  const runtime = () => getService(strapi, 'runtime');
  guardOwnedFields(
    strapi,
    () => runtime().writePolicy,
    (type, locale) => runtime().locales.translatorsFields(type, locale)
  );
  recordTranslations(strapi, () => runtime().locales);
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
