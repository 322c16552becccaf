import { offsetMinutes } from './zoned-time';

/**
 * Which events a calendar feed or a structured-data listing holds, from the request's query:
 * `location`, `organization` (documentId or Stager id), `genre` (case-insensitive), `from`/`to`
 * (a date, in the calendar's zone, or an ISO 8601 time with its offset), `locale`, and for the
 * listing `limit`. Anything else is refused with a one-line reason.
 */
export interface Selection {
  locationIds: string[];
  organizationIds: string[];
  genres: string[];
  /** Events that end (or, without an end, start) at or after this time. */
  from: Date;
  /** Events that start before this time (exclusive), if set. */
  before: Date | null;
  locale: string | undefined;
  limit: number;
}

export class SelectionError extends Error {
  override name = 'SelectionError';
}

export interface SelectionDefaults {
  from: Date;
  limit: number;
  maxLimit: number;
  timeZone: string;
  /** Whether the request may set `limit`. */
  limitAllowed: boolean;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const LOCALE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;
const DAY_MS = 24 * 60 * 60 * 1000;

function listOf(name: string, value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  if (!values.every((item) => typeof item === 'string'))
    throw new SelectionError(`${name}: expected one or more ids, comma-separated`);
  return (values as string[])
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Midnight of a date in `timeZone`. */
function startOfDay(year: number, month: number, day: number, timeZone: string): Date {
  const asUtc = Date.UTC(year, month - 1, day);
  return new Date(asUtc - offsetMinutes(new Date(asUtc), timeZone) * 60_000);
}

/** `from`/`to` as an instant; `to` as a date means the whole day. */
function timeOf(name: 'from' | 'to', value: unknown, timeZone: string): Date {
  if (typeof value !== 'string')
    throw new SelectionError(
      `${name}: expected a date (2026-12-31) or an ISO 8601 time with an offset`
    );
  const date = DATE.exec(value);
  if (date) {
    const [year, month, day] = date.slice(1).map(Number);
    const start = startOfDay(year, month, day, timeZone);
    if (
      !Number.isNaN(start.getTime()) &&
      new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day
    )
      return name === 'to' ? startOfDay(year, month, day + 1, timeZone) : start;
  } else if (TIME_WITH_OFFSET.test(value)) {
    const time = new Date(value);
    if (!Number.isNaN(time.getTime())) return name === 'to' ? new Date(time.getTime() + 1) : time;
  }
  throw new SelectionError(
    `${name}: expected a date (2026-12-31) or an ISO 8601 time with an offset (2026-12-31T20:00:00+01:00); got ${JSON.stringify(value).slice(0, 60)}`
  );
}

/** `?locale=`, passed to the document service as REST passes it. */
export function localeOf(value: unknown): string | undefined {
  if (value !== undefined && (typeof value !== 'string' || !LOCALE.test(value)))
    throw new SelectionError('locale: expected a locale code such as nl or en-GB');
  return value;
}

const KNOWN = ['location', 'organization', 'genre', 'from', 'to', 'locale'];

export function parseSelection(
  query: Record<string, unknown>,
  defaults: SelectionDefaults
): Selection {
  const known = defaults.limitAllowed ? [...KNOWN, 'limit'] : KNOWN;
  const unknown = Object.keys(query).filter((key) => !known.includes(key));
  if (unknown.length)
    throw new SelectionError(
      `unknown parameter ${JSON.stringify(unknown[0])}; expected ${known.join(', ')}`
    );
  const locale = localeOf(query.locale);
  let limit = defaults.limit;
  if (query.limit !== undefined) {
    limit = Number(query.limit);
    if (
      typeof query.limit !== 'string' ||
      !Number.isInteger(limit) ||
      limit < 1 ||
      limit > defaults.maxLimit
    )
      throw new SelectionError(`limit: expected a whole number from 1 to ${defaults.maxLimit}`);
  }
  const from =
    query.from === undefined ? defaults.from : timeOf('from', query.from, defaults.timeZone);
  const before = query.to === undefined ? null : timeOf('to', query.to, defaults.timeZone);
  if (before && before.getTime() <= from.getTime())
    throw new SelectionError('to: expected a time after from');
  if (before && before.getTime() - from.getTime() > 20 * 366 * DAY_MS)
    throw new SelectionError('to: expected a range of at most 20 years');
  return {
    locationIds: query.location === undefined ? [] : listOf('location', query.location),
    organizationIds:
      query.organization === undefined ? [] : listOf('organization', query.organization),
    genres: query.genre === undefined ? [] : listOf('genre', query.genre),
    from,
    before,
    locale,
    limit,
  };
}

const byIds = (relation: string, ids: string[]) => ({
  $or: [{ [relation]: { documentId: { $in: ids } } }, { [relation]: { stagerId: { $in: ids } } }],
});

/** The document service's filters for a selection. */
export function selectionFilters(selection: Selection): object {
  const from = selection.from.toISOString();
  const conditions: object[] = [
    {
      $or: [
        { end: { $gte: from } },
        { $and: [{ end: { $null: true } }, { start: { $gte: from } }] },
      ],
    },
  ];
  if (selection.before) conditions.push({ start: { $lt: selection.before.toISOString() } });
  if (selection.locationIds.length) conditions.push(byIds('location', selection.locationIds));
  if (selection.organizationIds.length)
    conditions.push(byIds('organization', selection.organizationIds));
  if (selection.genres.length)
    conditions.push({ $or: selection.genres.map((genre) => ({ genre: { $eqi: genre } })) });
  return { $and: conditions };
}
