/**
 * Wall-clock times of a UTC instant in an IANA time zone, from the runtime's own time-zone data
 * (Intl): no library, and the zone rules are those of the Node.js that runs the site.
 */

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the runtime knows `timeZone` as an IANA zone ("Europe/Amsterdam", "UTC"). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time in `timeZone` at `instant` (milliseconds are dropped). */
export function wallTime(instant: Date, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of wallFormatter(timeZone).formatToParts(instant))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

/** The zone's offset from UTC at `instant`, in whole minutes (east positive: +60 for CET). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const wall = wallTime(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const truncated = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - truncated) / 60_000);
}

export const pad = (value: number, width = 2) => String(Math.abs(value)).padStart(width, '0');

/** `+01:00` (separator ':') or `+0100` (separator ''). */
export function formatOffset(minutes: number, separator = ':'): string {
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.trunc(minutes / 60))}${separator}${pad(minutes % 60)}`;
}

/** iCalendar's local DATE-TIME form: `20261231T203000`. */
export function icalWallTime(wall: WallTime): string {
  return `${pad(wall.year, 4)}${pad(wall.month)}${pad(wall.day)}T${pad(wall.hour)}${pad(wall.minute)}${pad(wall.second)}`;
}

/** The UTC wall-clock time of `instant`, without Intl. */
export function utcWallTime(instant: Date): WallTime {
  return {
    year: instant.getUTCFullYear(),
    month: instant.getUTCMonth() + 1,
    day: instant.getUTCDate(),
    hour: instant.getUTCHours(),
    minute: instant.getUTCMinutes(),
    second: instant.getUTCSeconds(),
  };
}

/** iCalendar's UTC DATE-TIME form: `20261231T193000Z`. */
export function icalUtc(instant: Date): string {
  return `${icalWallTime(utcWallTime(instant))}Z`;
}

const nameFormatters = new Map<string, Intl.DateTimeFormat>();

/** A short name of the zone at `instant` ("CET", "CEST"), or null where the runtime knows none. */
export function zoneAbbreviation(instant: Date, timeZone: string): string | null {
  let formatter = nameFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' });
    nameFormatters.set(timeZone, formatter);
  }
  const name = formatter.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value;
  return name && /^[A-Za-z]{2,6}$/.test(name) ? name : null;
}
