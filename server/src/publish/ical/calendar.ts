import { statusMeaning } from '../event-status';
import { descriptionOf } from '../json-ld';
import { present, timeOf, type PublishedEvent, type PublishedLocation } from '../published-event';
import { isAmbiguousWallTime, localWallTime } from '../zone-rules';
import { icalUtc, icalWallTime } from '../zoned-time';
import { escapeText, serialize } from './content-lines';
import { vtimezoneLines } from './vtimezone';

export interface CalendarOptions {
  /** The zone the events' times are written in (TZID), with its VTIMEZONE. */
  timeZone: string;
  /** The calendar's name, as calendar apps show it. */
  name: string;
  /** How often subscribers should fetch the feed again, in minutes. */
  refreshMinutes: number;
}

export const PRODUCT_ID = '-//strapi-plugin-stager//Stager events//EN';

/** The event's UID: Stager's id, stable across syncs, databases and sites fed by the same channel. */
export const eventUid = (event: PublishedEvent) =>
  `stager-event-${event.stagerId ?? event.documentId}`;

const SEQUENCE_EPOCH = Date.UTC(2020, 0, 1);

/** When the event last changed: on the site (updatedAt) or in Stager (modifiedAt), the later. */
export function lastModified(event: PublishedEvent): Date {
  const times = [timeOf(event.updatedAt), timeOf(event.modifiedAt)].filter(
    (time): time is Date => time !== null
  );
  return times.length
    ? new Date(Math.max(...times.map((time) => time.getTime())))
    : new Date(SEQUENCE_EPOCH);
}

/**
 * SEQUENCE: seconds from 2020 to the last change, so it grows with every change and is the same
 * on every request and every instance while nothing changes (fits RFC 5545's integer until 2088).
 */
export const sequenceOf = (event: PublishedEvent) =>
  Math.max(0, Math.floor((lastModified(event).getTime() - SEQUENCE_EPOCH) / 1000));

export function locationText(location: PublishedLocation): string | null {
  const street = [present(location.street), present(location.houseNumber)]
    .filter(Boolean)
    .join(' ');
  const town = [present(location.zipcode), present(location.city)].filter(Boolean).join(' ');
  const parts = [present(location.name), street, town].filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}

const text = (name: string, value: string | null | undefined) =>
  value ? [`${name}:${escapeText(value)}`] : [];

/** URIs go unescaped (RFC 5545 §3.3.13); one without a scheme or with a line break is left out. */
const uri = (name: string, value: string | null) =>
  value && /^[a-z][a-z0-9+.-]*:[^\s]*$/i.test(value) ? [`${name}:${value}`] : [];

function eventLines(event: PublishedEvent, options: CalendarOptions): string[] {
  const start = timeOf(event.start);
  if (!start) return [];
  const end = timeOf(event.end);
  // A time in the hour that occurs twice when clocks go back is written in UTC: its local form
  // would not say which of the two it is (RFC 5545 says the first; parsers differ).
  const local = (time: Date) =>
    isAmbiguousWallTime(time, options.timeZone)
      ? `:${icalUtc(time)}`
      : `;TZID=${options.timeZone}:${icalWallTime(localWallTime(time, options.timeZone))}`;
  const status = statusMeaning(event.eventStatus);
  const ticketShopUrl = present(event.ticketShopUrl);
  const description = [present(event.subtitle), descriptionOf(event), ticketShopUrl]
    .filter((part, index, parts): part is string => Boolean(part) && parts.indexOf(part) === index)
    .join('\n\n');
  const location = event.location;
  const hasGeo = typeof location?.latitude === 'number' && typeof location?.longitude === 'number';
  const changed = icalUtc(lastModified(event));
  return [
    'BEGIN:VEVENT',
    `UID:${escapeText(eventUid(event))}`,
    // Without METHOD, DTSTAMP is when the event was last revised (RFC 5545 §3.8.7.2).
    `DTSTAMP:${changed}`,
    `LAST-MODIFIED:${changed}`,
    `SEQUENCE:${sequenceOf(event)}`,
    `DTSTART${local(start)}`,
    // An end before the start would make the feed invalid: such an event keeps only its start.
    ...(end && end.getTime() >= start.getTime() ? [`DTEND${local(end)}`] : []),
    ...text('SUMMARY', present(event.name) ?? eventUid(event)),
    ...text('DESCRIPTION', description || null),
    ...text('LOCATION', location ? locationText(location) : null),
    ...(hasGeo ? [`GEO:${location!.latitude};${location!.longitude}`] : []),
    ...text('CATEGORIES', present(event.genre)),
    ...(status.ical ? [`STATUS:${status.ical}`] : []),
    ...uri('URL', ticketShopUrl),
    'END:VEVENT',
  ];
}

/** The span of the times written in the zone, for its VTIMEZONE. */
function timeSpan(events: PublishedEvent[]): [Date, Date] | null {
  const times = events
    .flatMap((event) => [timeOf(event.start), timeOf(event.end)])
    .filter((time): time is Date => time !== null)
    .map((time) => time.getTime());
  return times.length ? [new Date(Math.min(...times)), new Date(Math.max(...times))] : null;
}

/** A VCALENDAR of `events` (RFC 5545, with RFC 7986's NAME and REFRESH-INTERVAL), CRLF and folded. */
export function calendarFeed(events: PublishedEvent[], options: CalendarOptions): string {
  const span = timeSpan(events);
  const refresh = `PT${options.refreshMinutes}M`;
  return serialize([
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODUCT_ID}`,
    'CALSCALE:GREGORIAN',
    ...text('NAME', options.name),
    ...text('X-WR-CALNAME', options.name),
    `X-WR-TIMEZONE:${options.timeZone}`,
    `REFRESH-INTERVAL;VALUE=DURATION:${refresh}`,
    `X-PUBLISHED-TTL:${refresh}`,
    ...(span ? vtimezoneLines(options.timeZone, span[0], span[1]) : []),
    ...events.flatMap((event) => eventLines(event, options)),
    'END:VCALENDAR',
  ]);
}
