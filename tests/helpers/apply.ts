import type { Core } from '@strapi/strapi';
import { createEntityStore } from '../../server/src/store/entities';
import { createHandlers } from '../../server/src/sync/handlers';
import type { HandlerContext } from '../../server/src/sync/types';

/** Applies messages straight through the plugin's handlers, with the receipt sequence given. */
export function messageApplier(strapi: Core.Strapi) {
  const handlers = createHandlers(createEntityStore(strapi)) as Record<
    string,
    (content: unknown, context: HandlerContext) => Promise<unknown>
  >;
  return (
    message: { messageType: string; messageContent: unknown },
    sequence: number,
    receivedAt = new Date()
  ) =>
    handlers[message.messageType](message.messageContent, {
      sequence,
      receivedAt,
      reportProgress: async () => undefined,
    });
}
