// The message types are part of the contract with the admin panel (shared/constants.ts).
export type { MessageType } from '../../../shared/constants';

export interface MessageSummary {
  messageType: string;
  organizationId: string | null;
  itemCount: number;
}

const ITEM_LISTS = ['events', 'locations', 'eventIds', 'locationIds'] as const;

/** The paths of the envelope that `summariseEnvelope` reads: the rest need not be built. */
export function isSummarisedPath(path: readonly string[]): boolean {
  const [top, field, inner] = path;
  if (path.length <= 1)
    return top === undefined || top === 'messageType' || top === 'messageContent';
  if (top !== 'messageContent') return false;
  if (path.length === 2)
    return (
      field === 'organization' ||
      field === 'organizationId' ||
      (ITEM_LISTS as readonly string[]).includes(field)
    );
  return path.length === 3 && field === 'organization' && inner === 'id';
}

/**
 * What the history needs from an envelope already parsed: its type, its organisation and how many
 * items it carries. Returns a one-line reason instead when the body is not a message.
 */
export function summariseEnvelope(envelope: unknown): MessageSummary | { error: string } {
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) {
    return { error: 'body is not a JSON object' };
  }
  const { messageType, messageContent } = envelope as Record<string, unknown>;
  if (typeof messageType !== 'string' || messageType.trim() === '') {
    return { error: 'body has no messageType' };
  }
  const content = (
    typeof messageContent === 'object' && messageContent !== null ? messageContent : {}
  ) as Record<string, unknown>;
  const organization = content.organization as Record<string, unknown> | undefined;
  const organizationId = organization?.id ?? content.organizationId;

  let itemCount = 0;
  for (const list of ITEM_LISTS) {
    const items = content[list];
    if (Array.isArray(items)) itemCount += items.length;
  }
  return {
    messageType,
    organizationId:
      typeof organizationId === 'string' || typeof organizationId === 'number'
        ? String(organizationId)
        : null,
    itemCount,
  };
}
