import type { Core } from '@strapi/strapi';
import { ENTITY_UIDS, SYNC_STATE_UID, type EntityType } from './entity-types';

/**
 * An entry saved in the Content Manager (or through the document service by a site's own code) may
 * hold other values in the fields the sync owns: a stale form, a correction made here instead of in
 * Stager. Its entity then forgets the digest of what the sync last wrote, so that the next message
 * about it, even one identical to the last, writes Stager's values again; and its `once` fields are
 * the editor's from now on, even against an older message that arrives late. The sync's own writes
 * use `updateMany` and do not pass here.
 */
export function watchEditorEdits(strapi: Core.Strapi): void {
  const types = Object.entries(ENTITY_UIDS) as Array<[EntityType, string]>;
  strapi.db.lifecycles.subscribe({
    models: types.map(([, uid]) => uid),
    async afterUpdate(event: {
      model: { uid: string };
      params: { where?: { id?: unknown } };
      result?: { id?: unknown; stagerId?: string };
    }) {
      const [type, uid] = types.find(([, candidate]) => candidate === event.model.uid) ?? [];
      const id = event.result?.id ?? event.params.where?.id;
      if (!type || !uid || id === undefined) return;
      const stagerId =
        event.result?.stagerId ??
        (
          (await strapi.db
            .query(uid as never)
            .findOne({ where: { id }, select: ['stagerId'] })) as { stagerId?: string } | null
        )?.stagerId;
      if (!stagerId) return;
      await strapi.db.query(SYNC_STATE_UID as never).updateMany({
        where: { entityType: type, stagerId },
        data: { contentHash: null, creationSequence: 0 },
      });
    },
  } as never);
}
