import type { Core } from '@strapi/strapi';
import { registerAdminActions } from './admin-api/permissions';
import { applyEditorLayouts } from './fields/editor-layouts';
import { getService } from './services/get-service';
import { watchEditorEdits } from './store/editor-edits';
import { fillAddedLocales } from './i18n/locale-backfill';

export default async function bootstrap({ strapi }: { strapi: Core.Strapi }) {
  await registerAdminActions(strapi);
  watchEditorEdits(strapi);
  const runtime = getService(strapi, 'runtime');
  await runtime.start();
  fillAddedLocales(strapi, runtime.localeBackfill);
  await applyEditorLayouts(strapi, runtime.writePolicy);
}
