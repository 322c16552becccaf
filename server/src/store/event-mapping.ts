import type { FeedEvent } from '../feed/entities';

/**
 * The event fields the sync owns. Every other attribute of the event content type belongs to
 * editors and is never written by a message.
 */
export function mapEvent(event: FeedEvent, organizationId: string) {
  return {
    stagerId: event.id,
    name: event.name,
    subtitle: event.subtitle ?? null,
    status: event.status ?? null,
    start: event.start,
    end: event.end ?? null,
    doorsOpen: event.doorsOpen ?? null,
    modifiedAt: event.modifiedAt,
    organizationStagerId: organizationId,
    locationStagerId: event.location?.id ?? null,
    locationName: event.location?.name ?? null,
    ticketShopUrl: event.publicity?.ticketShopUrl ?? null,
    text: event.publicity?.text ?? null,
    raw: event,
  };
}
