import type { Core } from '@strapi/strapi';
import type { FeedEvent } from '../feed/entities';
import { mapEvent } from './event-mapping';

export const EVENT_UID = 'plugin::stager.event';

export type WriteResult = 'created' | 'updated' | 'skipped';

/**
 * Writes events through Strapi's document service, guarded by receipt sequence: a message never
 * overwrites what a later-received message wrote.
 */
export function createEventStore(strapi: Core.Strapi) {
  const documents = () => strapi.documents(EVENT_UID as never);

  return {
    async upsert(event: FeedEvent, organizationId: string, sequence: number): Promise<WriteResult> {
      const existing = await strapi.db.query(EVENT_UID as never).findOne({
        where: { stagerId: event.id },
        select: ['documentId', 'syncSequence'],
      });
      if (existing && Number(existing.syncSequence) > sequence) return 'skipped';

      const data = { ...mapEvent(event, organizationId), syncSequence: sequence, removedAt: null };
      if (existing) {
        await documents().update({ documentId: existing.documentId as string, data: data as never });
        return 'updated';
      }
      await documents().create({ data: data as never });
      return 'created';
    },
  };
}

export type EventStore = ReturnType<typeof createEventStore>;
