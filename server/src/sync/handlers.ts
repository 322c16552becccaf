import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { z } from 'zod';
import { eventSchema, locationSchema, stagerId, type FeedOrganization } from '../feed/entities';
import { deleteEventsSchema } from '../feed/delete-events';
import { deleteLocationsSchema } from '../feed/delete-locations';
import { organizationSyncSchema } from '../feed/organization-sync';
import { updateEventsSchema } from '../feed/update-events';
import { updateLocationsSchema } from '../feed/update-locations';
import { updateOrganizationSchema } from '../feed/update-organization';
import type { MessageType } from '../feed/envelope';
import type { EntityStore } from '../store/entities';
import { applyItems, type ItemList } from './apply-items';
import { itemErrorsFrom } from './item-errors';
import {
  PermanentMessageError,
  type HandlerContext,
  type HandlerResult,
  type MessageHandler,
} from './types';
import { createWriters, eventEntities, locationEntities } from './writers';

/** Parses the message level of a message; a mismatch there fails the whole message at once. */
function parseMessage<T>(schema: z.ZodType<T>, content: unknown): T {
  const parsed = schema.safeParse(content);
  if (parsed.success) return parsed.data;
  const [first] = itemErrorsFrom('messageContent', parsed.error);
  throw new PermanentMessageError(`${first.path}: ${first.reason}`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- lists of different item types; applyItems types each
type AnyItemList = ItemList<any>;

/** One handler per message type of the contract. */
export function createHandlers(store: EntityStore): Record<MessageType, MessageHandler> {
  const write = createWriters(store);

  /** Applies the lists of one message in order, reporting progress over all of them. */
  async function applyLists(context: HandlerContext, lists: AnyItemList[]): Promise<HandlerResult> {
    const result: HandlerResult = { itemsProcessed: 0, itemsFailed: 0, itemErrors: [] };
    for (const list of lists) {
      await applyItems(store.transaction, store.batchLimits, list, result, () =>
        context.reportProgress(result.itemsProcessed + result.itemsFailed)
      );
    }
    return result;
  }

  const saveOrganization = (organization: FeedOrganization, { sequence }: HandlerContext) =>
    store.transaction((trx) => write.organization(trx, organization, sequence));

  /** Each item's transaction writes the message's organisation with it; without one applied, it is written alone. */
  async function withOrganizationSaved(
    organization: FeedOrganization,
    context: HandlerContext,
    result: HandlerResult
  ): Promise<HandlerResult> {
    if (result.itemsProcessed === 0) await saveOrganization(organization, context);
    return result;
  }

  return {
    async UPDATE_EVENTS(content, context) {
      const message = parseMessage(updateEventsSchema, content);
      const result = await applyLists(context, [
        {
          path: 'messageContent.events',
          items: message.events,
          schema: eventSchema,
          apply: (trx, event) => write.event(trx, event, message.organization, context.sequence),
          entitiesOf: (event) => eventEntities(event, message.organization),
        },
      ]);
      return withOrganizationSaved(message.organization, context, result);
    },

    async DELETE_EVENTS(content, context) {
      const message = parseMessage(deleteEventsSchema, content);
      return applyLists(context, [
        {
          path: 'messageContent.eventIds',
          items: message.eventIds,
          schema: stagerId,
          apply: (trx, id) =>
            store
              .remove(trx, 'event', id, context.sequence, context.receivedAt)
              .then(() => undefined),
          entitiesOf: (id) => [['event', id]],
        },
      ]);
    },

    async UPDATE_LOCATIONS(content, context) {
      const message = parseMessage(updateLocationsSchema, content);
      const result = await applyLists(context, [
        {
          path: 'messageContent.locations',
          items: message.locations,
          schema: locationSchema,
          apply: (trx, location) =>
            write.location(trx, location, message.organization, context.sequence),
          entitiesOf: (location) => locationEntities(location, message.organization),
        },
      ]);
      return withOrganizationSaved(message.organization, context, result);
    },

    async DELETE_LOCATIONS(content, context) {
      const message = parseMessage(deleteLocationsSchema, content);
      return applyLists(context, [
        {
          path: 'messageContent.locationIds',
          items: message.locationIds,
          schema: stagerId,
          apply: (trx, id) =>
            store
              .remove(trx, 'location', id, context.sequence, context.receivedAt)
              .then(() => undefined),
          entitiesOf: (id) => [['location', id]],
        },
      ]);
    },

    async UPDATE_ORGANIZATION(content, context) {
      const message = parseMessage(updateOrganizationSchema, content);
      await saveOrganization(message.organization, context);
      return { itemsProcessed: 1, itemsFailed: 0, itemErrors: [] };
    },

    async ORGANIZATION_SYNC(content, context) {
      const message = parseMessage(organizationSyncSchema, content);
      const organizationId = message.organization.id;
      const listedEventIds = new Set(
        message.events.flatMap(
          (event) => stagerId.safeParse((event as { id?: unknown } | null)?.id).data ?? []
        )
      );
      const isLatest = await store.transaction(async (trx) => {
        await write.organization(trx, message.organization, context.sequence);
        return store.recordSync(trx, organizationId, {
          sequence: context.sequence,
          receivedAt: context.receivedAt,
          listedEventIds,
        });
      });
      const result = await applyLists(context, [
        {
          path: 'messageContent.locations',
          items: message.locations,
          schema: locationSchema,
          apply: (trx, location) =>
            write.location(trx, location, message.organization, context.sequence),
          entitiesOf: (location) => locationEntities(location, message.organization),
        },
        {
          path: 'messageContent.events',
          items: message.events,
          schema: eventSchema,
          apply: (trx, event) => write.event(trx, event, message.organization, context.sequence),
          entitiesOf: (event) => eventEntities(event, message.organization),
        },
      ]);
      if (isLatest) await removeAbsentEvents(organizationId, listedEventIds, context);
      return result;
    },
  };

  /**
   * The sync lists every upcoming event of the organisation: its upcoming events not in the list
   * leave the public API. Past events and other organisations' events are not looked at, and the
   * guard keeps any event a later message wrote.
   */
  async function removeAbsentEvents(
    organizationId: string,
    listedEventIds: Set<string>,
    context: HandlerContext
  ) {
    const absent = (await store.upcomingEventIds(organizationId, context.receivedAt)).filter(
      (id) => !listedEventIds.has(id)
    );
    for (const id of absent) {
      await store.transaction((trx) =>
        store.remove(trx, 'event', id, context.sequence, context.receivedAt)
      );
      await yieldToEventLoop();
    }
  }
}
