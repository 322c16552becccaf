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

  const findByStagerId = (stagerId: string) =>
    strapi.db.query(EVENT_UID as never).findOne({ where: { stagerId }, select: ['documentId', 'syncSequence'] });

  async function update(existing: { documentId: string; syncSequence: unknown }, data: object, sequence: number) {
    if (Number(existing.syncSequence) > sequence) return 'skipped';
    await documents().update({ documentId: existing.documentId, data: data as never });
    return 'updated';
  }

  return {
    async upsert(event: FeedEvent, organizationId: string, sequence: number): Promise<WriteResult> {
      const data = { ...mapEvent(event, organizationId), syncSequence: sequence, removedAt: null };
      const existing = await findByStagerId(event.id);
      if (existing) return update(existing as never, data, sequence);
      try {
        await documents().create({ data: data as never });
        return 'created';
      } catch (error) {
        // Another worker created it first (stagerId is unique): update that one instead.
        const created = await findByStagerId(event.id);
        if (!created) throw error;
        return update(created as never, data, sequence);
      }
    },
  };
}

export type EventStore = ReturnType<typeof createEventStore>;
