/** An image a message carries, with what a file made of it is named after. */
export interface MessageImage {
  url: string;
  alt: string | null;
  /** What the image shows, for a readable file name: the event's name, the organisation's logo. */
  label: string;
}

type Loose = Record<string, unknown> | null | undefined;

const asObject = (value: unknown): Loose =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
const asString = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : null;

function imageOf(value: unknown, label: string): MessageImage[] {
  const image = asObject(value);
  const url = asString(image?.url);
  return url ? [{ url, alt: asString(image?.alt), label }] : [];
}

/**
 * Every image in a message's content, once per URL (the first occurrence names it): the
 * organisation's logo, each event's main image and additional images. Reads the content as it
 * came, so that a message's images are listed even for items that failed validation.
 */
export function imagesOfMessage(content: unknown): MessageImage[] {
  const message = asObject(content);
  const found: MessageImage[] = [];
  const organization = asObject(message?.organization);
  const organizationName = asString(organization?.name) ?? 'organisation';
  found.push(...imageOf(organization?.logo, `${organizationName} logo`));
  const events = Array.isArray(message?.events) ? message.events : [];
  for (const raw of events) {
    const event = asObject(raw);
    const name = asString(event?.name) ?? 'event';
    const publicity = asObject(event?.publicity);
    found.push(...imageOf(publicity?.mainImage, name));
    const gallery = Array.isArray(publicity?.images) ? publicity.images : [];
    gallery.forEach((image, index) => found.push(...imageOf(image, `${name} ${index + 2}`)));
  }
  const seen = new Set<string>();
  return found.filter(({ url }) => !seen.has(url) && Boolean(seen.add(url)));
}
