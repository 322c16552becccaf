import { eventSchema } from '../feed/entities';
import { updateEventsSchema } from '../feed/update-events';
import type { EventStore } from '../store/events';
import { itemErrorsFrom } from './item-errors';
import { PermanentMessageError, type HandlerResult, type MessageHandler } from './types';

export function createUpdateEventsHandler(events: EventStore): MessageHandler {
  return async (content, { sequence }) => {
    const message = updateEventsSchema.safeParse(content);
    if (!message.success) {
      const [first] = itemErrorsFrom('messageContent', message.error);
      throw new PermanentMessageError(`${first.path}: ${first.reason}`);
    }
    const organizationId = message.data.organization.id;
    const result: HandlerResult = { itemsProcessed: 0, itemsFailed: 0, itemErrors: [] };

    for (const [index, item] of message.data.events.entries()) {
      const event = eventSchema.safeParse(item);
      if (!event.success) {
        result.itemsFailed += 1;
        result.itemErrors.push(...itemErrorsFrom(`messageContent.events[${index}]`, event.error));
        continue;
      }
      await events.upsert(event.data, organizationId, sequence);
      result.itemsProcessed += 1;
    }
    return result;
  };
}
