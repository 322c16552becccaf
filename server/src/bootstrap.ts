import type { Core } from '@strapi/strapi';
import { registerAdminActions } from './admin-api/permissions';
import { getService } from './services/get-service';
import { watchEditorEdits } from './store/editor-edits';

export default async function bootstrap({ strapi }: { strapi: Core.Strapi }) {
  await registerAdminActions(strapi);
  watchEditorEdits(strapi);
  await getService(strapi, 'runtime').start();
}
