import type { Core } from '@strapi/strapi';
import type { FieldAuthorityMap, NewEventMode } from '../../shared/contracts/fields';
import { createWritePolicy } from '../../server/src/fields/field-authority';
import { createEntityStore } from '../../server/src/store/entities';
import { createHandlers } from '../../server/src/sync/handlers';
import { getService } from '../../server/src/services/get-service';
import type { HandlerContext } from '../../server/src/sync/types';

/**
 * Applies messages straight through the plugin's handlers, with the receipt sequence given, under
 * the field authorities and new-event mode given (by default, Stager writes everything).
 */
export function messageApplier(
  strapi: Core.Strapi,
  policy: { fieldAuthority?: FieldAuthorityMap; newEvents?: NewEventMode } = {}
) {
  const config = {
    fieldAuthority: policy.fieldAuthority ?? {},
    newEvents: policy.newEvents ?? 'publish',
  };
  const writePolicy = createWritePolicy(
    () => config,
    () => ({})
  );
  const locales = getService(strapi, 'runtime').locales;
  const handlers = createHandlers(createEntityStore(strapi, writePolicy, locales)) as Record<
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
