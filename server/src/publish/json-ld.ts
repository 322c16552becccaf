import type {
  Event,
  EventAttendanceModeEnumeration,
  EventSeries,
  EventStatusType,
  ItemAvailability,
  Offer,
  Organization,
  Place,
  PostalAddress,
  PriceSpecification,
  WithContext,
} from 'schema-dts';
import { statusMeaning } from './event-status';
import { plainText } from './plain-text';
import {
  isTrue,
  present,
  timeOf,
  type PublishedEvent,
  type PublishedImage,
  type PublishedLocation,
  type PublishedOrganization,
  type PublishedTicketType,
  type StoredTime,
} from './published-event';
import { isoInZone } from './zone-rules';

export interface JsonLdOptions {
  /** The zone the times are written in, with their offsets. */
  timeZone: string;
  /** Makes a Media Library file's URL absolute (local uploads are site-relative). */
  absoluteUrl: (url: string) => string;
}

const SCHEMA = 'https://schema.org/' as const;

/** Cents as currency units: 2250 → 22.5. */
export const fromCents = (cents: number) => Math.round(cents) / 100;

/**
 * An offer's availability online: sold out when Stager says the online sale is sold out, when the
 * organiser set the sold-out override, or when no ticket is available (where Stager sends the
 * count); otherwise in stock. The door sale does not count: the offer is the ticket shop's.
 */
export function availabilityOf(ticket: PublishedTicketType): ItemAvailability {
  const soldOut =
    isTrue(ticket.onlineSoldOut) || isTrue(ticket.soldOutOverride) || ticket.available === 0;
  return soldOut ? `${SCHEMA}SoldOut` : `${SCHEMA}InStock`;
}

const withoutEmpty = <T extends object>(value: T): T =>
  Object.fromEntries(
    Object.entries(value).filter(
      ([, item]) => item !== null && item !== undefined && !(Array.isArray(item) && !item.length)
    )
  ) as T;

function priceSpecification(
  ticket: PublishedTicketType,
  currency: string
): PriceSpecification | undefined {
  if (typeof ticket.price !== 'number') return undefined;
  const fee = typeof ticket.webFee === 'number' ? ticket.webFee : 0;
  return {
    '@type': 'CompoundPriceSpecification',
    price: fromCents(ticket.price + fee),
    priceCurrency: currency,
    priceComponent: [
      {
        '@type': 'UnitPriceSpecification',
        name: 'Ticket',
        price: fromCents(ticket.price),
        priceCurrency: currency,
      },
      ...(fee
        ? [
            {
              '@type': 'UnitPriceSpecification' as const,
              name: 'Web fee',
              price: fromCents(fee),
              priceCurrency: currency,
            },
          ]
        : []),
    ],
  };
}

/**
 * One offer per ticket type. `price` is what a buyer pays online, the web fee included (as search
 * engines ask); `priceSpecification` states the ticket price and the web fee apart.
 */
export function offerOf(
  ticket: PublishedTicketType,
  ticketShopUrl: string | null,
  timeZone: string
): Offer {
  const currency = present(ticket.currency)?.toUpperCase() ?? 'EUR';
  const hasPrice = typeof ticket.price === 'number';
  const fee = typeof ticket.webFee === 'number' ? ticket.webFee : 0;
  const offer: Offer = {
    '@type': 'Offer',
    name: present(ticket.name) ?? undefined,
    identifier: present(ticket.stagerId) ?? undefined,
    price: hasPrice ? fromCents((ticket.price as number) + fee) : undefined,
    priceCurrency: hasPrice ? currency : undefined,
    priceSpecification: priceSpecification(ticket, currency),
    availability: availabilityOf(ticket),
    validFrom: zoned(ticket.saleStart, timeZone),
    availabilityEnds: zoned(ticket.onlineSaleEnd, timeZone),
    url: ticketShopUrl ?? undefined,
  };
  return withoutEmpty(offer);
}

function zoned(value: StoredTime | null | undefined, timeZone: string): string | undefined {
  const time = timeOf(value);
  return time ? isoInZone(time, timeZone) : undefined;
}

function placeOf(location: PublishedLocation): Place {
  const street = [present(location.street), present(location.houseNumber)]
    .filter(Boolean)
    .join(' ');
  const address: PostalAddress = withoutEmpty({
    '@type': 'PostalAddress',
    streetAddress: street || undefined,
    postalCode: present(location.zipcode) ?? undefined,
    addressLocality: present(location.city) ?? undefined,
    addressCountry: present(location.country)?.toUpperCase() ?? undefined,
  });
  const hasGeo = typeof location.latitude === 'number' && typeof location.longitude === 'number';
  const place: Place = {
    '@type': 'Place',
    name: present(location.name) ?? undefined,
    address: Object.keys(address).length > 1 ? address : undefined,
    geo: hasGeo
      ? {
          '@type': 'GeoCoordinates',
          latitude: location.latitude as number,
          longitude: location.longitude as number,
        }
      : undefined,
    url: present(location.website) ?? undefined,
  };
  return withoutEmpty(place);
}

function organizerOf(organization: PublishedOrganization): Organization | undefined {
  const name = present(organization.name);
  if (!name) return undefined;
  const organizer: Organization = {
    '@type': 'Organization',
    name,
    url: present(organization.website) ?? undefined,
  };
  return withoutEmpty(organizer);
}

/** The stored Media Library file when there is one, else the URL Stager sent. */
export function imageUrl(image: PublishedImage, absoluteUrl: (url: string) => string) {
  const stored = present(image.media?.url);
  return stored ? absoluteUrl(stored) : present(image.url);
}

/** The event's description: Stager's text as plain text, else the editors' text, else the subtitle. */
export function descriptionOf(event: PublishedEvent): string | null {
  return (
    plainText(event.text) ??
    plainText(event.textHtml) ??
    plainText(event.editorialText) ??
    present(event.subtitle)
  );
}

/** schema.org `Event` of one synced event (search engines' event results). */
export function eventJsonLd(event: PublishedEvent, options: JsonLdOptions): Event {
  const { timeZone, absoluteUrl } = options;
  const status = statusMeaning(event.eventStatus);
  const ticketShopUrl = present(event.ticketShopUrl);
  const images = [event.mainImage, ...(event.images ?? [])]
    .filter((image): image is PublishedImage => Boolean(image))
    .map((image) => imageUrl(image, absoluteUrl))
    .filter((url): url is string => Boolean(url));
  const location = event.location ? placeOf(event.location) : undefined;
  const superEvent: EventSeries | undefined = event.eventGroup
    ? withoutEmpty<EventSeries>({
        '@type': 'EventSeries',
        name: present(event.eventGroup.name) ?? undefined,
        identifier: present(event.eventGroup.stagerId) ?? undefined,
      })
    : undefined;
  const eventStatus: EventStatusType = `${SCHEMA}${status.schemaOrg}`;
  const attendanceMode: EventAttendanceModeEnumeration = `${SCHEMA}OfflineEventAttendanceMode`;
  const jsonLd: Event = {
    '@type': 'Event',
    identifier: present(event.stagerId) ?? undefined,
    name: present(event.name) ?? undefined,
    description: descriptionOf(event) ?? undefined,
    startDate: zoned(event.start, timeZone),
    endDate: zoned(event.end, timeZone),
    doorTime: zoned(event.doorsOpen, timeZone),
    eventStatus,
    // Stager plans events at venues; an event without a location says nothing about how it is attended.
    eventAttendanceMode: location ? attendanceMode : undefined,
    location,
    organizer: event.organization ? organizerOf(event.organization) : undefined,
    image: [...new Set(images)],
    inLanguage: present(event.language) ?? undefined,
    offers: (event.ticketTypes ?? []).map((ticket) => offerOf(ticket, ticketShopUrl, timeZone)),
    superEvent,
  };
  return withoutEmpty(jsonLd);
}

/** One event as a JSON-LD document. */
export function eventDocument(event: PublishedEvent, options: JsonLdOptions): WithContext<Event> {
  return { '@context': 'https://schema.org', ...eventJsonLd(event, options) };
}

/** Several events as one JSON-LD document (`@graph`), for a listing page. */
export const eventsDocument = (events: PublishedEvent[], options: JsonLdOptions) => ({
  '@context': 'https://schema.org' as const,
  '@graph': events.map((event) => eventJsonLd(event, options)),
});
