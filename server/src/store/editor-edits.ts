import type { Core } from '@strapi/strapi';
import { ENTITY_UIDS, SYNC_STATE_UID, type EntityType } from './entity-types';
import { chunksOf } from './table-layout/rows';

interface EntryEvent {
  model: { uid: string };
  params: { where?: { id?: unknown } };
  result?: { id?: unknown; stagerId?: string };
}

/** The entries that point at an entry of a type, by the relation they point with: its deletion unlinks them. */
const LINKED_FROM: Partial<Record<EntityType, ReadonlyArray<readonly [EntityType, string]>>> = {
  location: [['event', 'location']],
  organization: [
    ['event', 'organization'],
    ['location', 'organization'],
  ],
};

/**
 * An entry saved in the Content Manager (or through the document service by a site's own code) may
 * hold other values in the fields the sync owns: a stale form, a correction made here instead of in
 * Stager. Its entity then forgets the digest of what the sync last wrote, so that the next message
 * about it, even one identical to the last, writes Stager's values again; and its `once` fields are
 * the editor's from now on, even against an older message that arrives late. An entry deleted there
 * is forgotten too, with the entries its deletion unlinked, so that the next message about each
 * creates it again or links it again. The sync's own writes do not pass here.
 */
export function watchEditorEdits(strapi: Core.Strapi): void {
  const types = Object.entries(ENTITY_UIDS) as Array<[EntityType, string]>;

  /** The entry the event is about, while it still exists. */
  async function entryOf(event: EntryEvent) {
    const [type, uid] = types.find(([, candidate]) => candidate === event.model.uid) ?? [];
    const id = event.result?.id ?? event.params.where?.id;
    if (!type || !uid || id === undefined) return null;
    const stagerId =
      event.result?.stagerId ??
      (
        (await strapi.db.query(uid as never).findOne({ where: { id }, select: ['stagerId'] })) as {
          stagerId?: string;
        } | null
      )?.stagerId;
    return stagerId ? { type, id, stagerId } : null;
  }

  const forget = async (type: EntityType, stagerIds: string[], data: object) => {
    for (const chunk of chunksOf([...new Set(stagerIds)]))
      await strapi.db.query(SYNC_STATE_UID as never).updateMany({
        where: { entityType: type, stagerId: { $in: chunk } },
        data,
      });
  };

  async function afterUpdate(event: EntryEvent): Promise<void> {
    const entry = await entryOf(event);
    if (entry)
      await forget(entry.type, [entry.stagerId], { contentHash: null, creationSequence: 0 });
  }

  // Before: the entry is still there to say whose it is and who points at it, and what is forgotten
  // here rolls back with the deletion.
  async function beforeDelete(event: EntryEvent): Promise<void> {
    const entry = await entryOf(event);
    if (!entry) return;
    await forget(entry.type, [entry.stagerId], { contentHash: null });
    for (const [type, relation] of LINKED_FROM[entry.type] ?? []) {
      const linked = (await strapi.db.query(ENTITY_UIDS[type] as never).findMany({
        where: { [relation]: { id: entry.id } },
        select: ['stagerId'],
      })) as Array<{ stagerId: string }>;
      await forget(
        type,
        linked.map(({ stagerId }) => stagerId),
        { contentHash: null }
      );
    }
  }

  strapi.db.lifecycles.subscribe({
    models: types.map(([, uid]) => uid),
    afterUpdate,
    beforeDelete,
  } as never);
}
