import { formatOffset, offsetMinutes, pad, utcWallTime, type WallTime } from './zoned-time';

/**
 * A zone's offset changes, found once per zone and year with Intl and kept: the offset of any
 * instant is then arithmetic, which a feed of thousands of times needs (Intl's formatting is slow).
 */

const MINUTE = 60_000;
const WEEK = 7 * 24 * 60 * MINUTE;

export interface Transition {
  /** The first instant of the new offset. */
  at: Date;
  /** Offsets in minutes, east positive. */
  from: number;
  to: number;
}

interface YearRules {
  startOffset: number;
  transitions: Transition[];
}

/** The instant the offset changes between `low` (old offset) and `high` (new), to the minute. */
function findTransition(low: number, high: number, timeZone: string): number {
  const before = offsetMinutes(new Date(low), timeZone);
  while (high - low > MINUTE) {
    const middle = Math.floor((low + high) / 2 / MINUTE) * MINUTE;
    if (offsetMinutes(new Date(middle), timeZone) === before) low = middle;
    else high = middle;
  }
  return high;
}

function rulesOfYear(year: number, timeZone: string): YearRules {
  const transitions: Transition[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  let previous = Date.UTC(year, 0, 1);
  const startOffset = offsetMinutes(new Date(previous), timeZone);
  let offset = startOffset;
  while (previous < end) {
    const next = Math.min(previous + WEEK, end);
    const nextOffset = offsetMinutes(new Date(next), timeZone);
    if (nextOffset !== offset) {
      const at = findTransition(previous, next, timeZone);
      transitions.push({ at: new Date(at), from: offset, to: nextOffset });
      offset = nextOffset;
    }
    previous = next;
  }
  return { startOffset, transitions };
}

const byYear = new Map<string, YearRules>();

function yearRules(year: number, timeZone: string): YearRules {
  const key = `${timeZone}|${year}`;
  let rules = byYear.get(key);
  if (!rules) {
    rules = rulesOfYear(year, timeZone);
    byYear.set(key, rules);
  }
  return rules;
}

/** The offset changes of `timeZone` in the years `from` to `to`, in order. */
export function transitionsOfYears(timeZone: string, from: number, to: number): Transition[] {
  const transitions: Transition[] = [];
  for (let year = from; year <= to; year++)
    transitions.push(...yearRules(year, timeZone).transitions);
  return transitions;
}

/** The zone's offset at `instant`, in minutes (east positive). */
export function offsetAt(instant: Date, timeZone: string): number {
  const time = instant.getTime();
  const rules = yearRules(instant.getUTCFullYear(), timeZone);
  let offset = rules.startOffset;
  for (const transition of rules.transitions)
    if (transition.at.getTime() <= time) offset = transition.to;
  return offset;
}

/**
 * Whether the wall-clock time of `instant` occurs twice in `timeZone`: it falls in the hour (or
 * whatever the step is) repeated when clocks go back. Such a local time does not say which it is.
 */
export function isAmbiguousWallTime(instant: Date, timeZone: string): boolean {
  const time = instant.getTime();
  const year = instant.getUTCFullYear();
  return transitionsOfYears(timeZone, year - 1, year + 1).some(({ at, from, to }) => {
    const step = (from - to) * MINUTE;
    return step > 0 && time >= at.getTime() - step && time < at.getTime() + step;
  });
}

/** The wall-clock time in `timeZone` at `instant`. */
export function localWallTime(instant: Date, timeZone: string): WallTime {
  return utcWallTime(new Date(instant.getTime() + offsetAt(instant, timeZone) * MINUTE));
}

/** ISO 8601 in the zone's local time with its offset: `2026-12-31T20:30:00+01:00`. */
export function isoInZone(instant: Date, timeZone: string): string {
  const offset = offsetAt(instant, timeZone);
  const wall = utcWallTime(new Date(instant.getTime() + offset * MINUTE));
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${formatOffset(offset)}`;
}
