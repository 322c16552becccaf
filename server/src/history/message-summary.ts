import type { ListSummary, PayloadSummary } from '../../../shared/contracts/history';

/** At most this many ids per list are shown; the count says how many there were. */
const MAX_IDS = 200;

const idOf = (item: unknown): string | null => {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
};

function listOf(values: unknown, pick: (item: unknown) => string | null): ListSummary {
  if (!Array.isArray(values)) return { count: 0, ids: [] };
  const ids = values.map(pick).filter((id): id is string => id !== null);
  return { count: values.length, ids: ids.slice(0, MAX_IDS) };
}

const asId = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : null;

/** Counts and ids of what a message carries, read from its envelope whatever its type. */
export function summarisePayload(envelope: unknown): PayloadSummary {
  const content = ((envelope as { messageContent?: unknown } | null)?.messageContent ??
    {}) as Record<string, unknown>;
  const organization = content.organization as Record<string, unknown> | undefined;
  const organizationId = idOf(organization) ?? asId(content.organizationId);
  const embedded = new Set<string>();
  if (Array.isArray(content.events)) {
    for (const event of content.events) {
      const locationId = idOf((event as { location?: unknown } | null)?.location);
      if (locationId) embedded.add(locationId);
    }
  }
  return {
    organization: organizationId
      ? {
          id: organizationId,
          name: typeof organization?.name === 'string' ? organization.name : null,
        }
      : null,
    events: listOf(content.events, idOf),
    locations: listOf(content.locations, idOf),
    deletedEvents: listOf(content.eventIds, asId),
    deletedLocations: listOf(content.locationIds, asId),
    embeddedLocationIds: [...embedded].slice(0, MAX_IDS),
  };
}
