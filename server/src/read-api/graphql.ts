import type { Core } from '@strapi/strapi';
import { INBOX_UID } from '../inbox/store';
import { CHANGE_RECORD_UID, ENTITY_UIDS, SYNC_STATE_UID } from '../store/entity-types';
import { MEDIA_SOURCE_UID } from '../media/media-sources';

interface ShadowCrud {
  disable(): unknown;
  disableMutations(): unknown;
}

/**
 * With @strapi/plugin-graphql installed, the synced types can be queried but not changed (Stager
 * owns them), and the plugin's internal tables stay out of the schema.
 */
export function restrictGraphql(strapi: Core.Strapi): void {
  const graphql = strapi.plugin('graphql');
  if (!graphql) return;
  const extension = graphql.service('extension') as { shadowCRUD(uid: string): ShadowCrud };
  for (const uid of Object.values(ENTITY_UIDS)) extension.shadowCRUD(uid).disableMutations();
  for (const uid of [INBOX_UID, SYNC_STATE_UID, MEDIA_SOURCE_UID, CHANGE_RECORD_UID])
    extension.shadowCRUD(uid).disable();
}
