import type { Core } from '@strapi/strapi';
import { ENTITY_UIDS, type EntityType } from './entity-types';
import { createSyncGuard, type GuardOutcome, type SyncMarker, type Transaction } from './sync-guard';

/**
 * Writes organisations, locations and events through Strapi's document service, so that lifecycles,
 * webhooks and the Content Manager see them as any other entry. Only the fields given are written;
 * every other field of an entry stays as editors left it.
 */
export function createEntityStore(strapi: Core.Strapi) {
  const guard = createSyncGuard(strapi);
  const documents = (type: EntityType) => strapi.documents(ENTITY_UIDS[type] as never);

  async function documentIdOf(type: EntityType, stagerId: string): Promise<string | null> {
    const entry = await strapi.db.query(ENTITY_UIDS[type] as never).findOne({ where: { stagerId }, select: ['documentId'] });
    return (entry?.documentId as string | undefined) ?? null;
  }

  // The written entry is not read back whole: nothing here needs more than its id.
  const noReadBack = { fields: ['documentId'] };

  async function save(type: EntityType, stagerId: string, data: object): Promise<void> {
    const documentId = await documentIdOf(type, stagerId);
    if (documentId) await documents(type).update({ documentId, data, ...noReadBack } as never);
    else await documents(type).create({ data, ...noReadBack } as never);
  }

  return {
    documentIdOf,
    recordSync: (trx: Transaction, organizationId: string, marker: SyncMarker) => guard.recordSync(trx, organizationId, marker),
    latestSync: (trx: Transaction, organizationId: string) => guard.latestSync(trx, organizationId),

    upsert(trx: Transaction, type: EntityType, stagerId: string, sequence: number, hash: string, data: object): Promise<GuardOutcome> {
      // In receipt order this message created the entry before the later removal: create it, removed,
      // so that entries linking to it keep their link when it comes back.
      const whenRemovedLater = async () => {
        if (!(await documentIdOf(type, stagerId))) {
          await documents(type).create({ data: { ...data, syncSequence: sequence, removedAt: new Date() } as never });
        }
      };
      return guard.apply(trx, type, stagerId, sequence, { kind: 'write', hash, whenRemovedLater }, () =>
        save(type, stagerId, { ...data, syncSequence: sequence, removedAt: null })
      );
    },

    /** Soft removal: the entry leaves the public API and keeps every field, editors' included. */
    remove(trx: Transaction, type: EntityType, stagerId: string, sequence: number, removedAt: Date): Promise<GuardOutcome> {
      return guard.apply(trx, type, stagerId, sequence, { kind: 'remove' }, async () => {
        const documentId = await documentIdOf(type, stagerId);
        if (documentId) await documents(type).update({ documentId, data: { removedAt, syncSequence: sequence } as never });
      });
    },

    /** Stager ids of an organisation's events starting at or after `from` that are not removed. */
    async upcomingEventIds(organizationId: string, from: Date): Promise<string[]> {
      const events = await strapi.db.query(ENTITY_UIDS.event as never).findMany({
        where: { organization: { stagerId: organizationId }, start: { $gte: from }, removedAt: { $null: true } },
        select: ['stagerId'],
      });
      return events.map((event) => event.stagerId as string);
    },
  };
}

export type EntityStore = ReturnType<typeof createEntityStore>;
