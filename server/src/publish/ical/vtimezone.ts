import {
  formatOffset,
  icalWallTime,
  offsetMinutes,
  wallTime,
  zoneAbbreviation,
} from '../zoned-time';

const MINUTE = 60_000;
const WEEK = 7 * 24 * 60 * MINUTE;

interface Transition {
  /** The first instant of the new offset. */
  at: Date;
  from: number;
  to: number;
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

function transitionsOfYear(year: number, timeZone: string): Transition[] {
  const transitions: Transition[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  let previous = Date.UTC(year, 0, 1);
  let offset = offsetMinutes(new Date(previous), timeZone);
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
  return transitions;
}

const byYear = new Map<string, Transition[]>();

function cachedTransitions(year: number, timeZone: string): Transition[] {
  const key = `${timeZone}|${year}`;
  let transitions = byYear.get(key);
  if (!transitions) {
    transitions = transitionsOfYear(year, timeZone);
    byYear.set(key, transitions);
  }
  return transitions;
}

function observance(transition: Transition, timeZone: string, nameAt = transition.at): string[] {
  const kind = transition.to > transition.from ? 'DAYLIGHT' : 'STANDARD';
  // DTSTART of an observance is the local time of the onset in the offset in force before it.
  const onsetLocal = wallTime(new Date(transition.at.getTime() + transition.from * MINUTE), 'UTC');
  const name = zoneAbbreviation(nameAt, timeZone);
  return [
    `BEGIN:${kind}`,
    `DTSTART:${icalWallTime(onsetLocal)}`,
    `TZOFFSETFROM:${formatOffset(transition.from, '')}`,
    `TZOFFSETTO:${formatOffset(transition.to, '')}`,
    ...(name ? [`TZNAME:${name}`] : []),
    `END:${kind}`,
  ];
}

/**
 * A VTIMEZONE for `timeZone` that covers every time from `first` to `last` (RFC 5545 §3.6.5): an
 * observance for each offset change from the year before `first` to the end of `last`'s year,
 * written as it happens (no RRULE), and one from 1970 for the offset before the first change.
 */
export function vtimezoneLines(timeZone: string, first: Date, last: Date): string[] {
  const transitions: Transition[] = [];
  for (let year = first.getUTCFullYear() - 1; year <= last.getUTCFullYear(); year++)
    transitions.push(...cachedTransitions(year, timeZone));
  // The offset in force before the first change, named as it was just before that change.
  const before = transitions.length ? new Date(transitions[0].at.getTime() - MINUTE) : first;
  const initialOffset = transitions.length ? transitions[0].from : offsetMinutes(first, timeZone);
  const initial: Transition = {
    at: new Date(-initialOffset * MINUTE), // 1970-01-01T00:00:00 local
    from: initialOffset,
    to: initialOffset,
  };
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${timeZone}`,
    ...observance(initial, timeZone, before),
    ...transitions.flatMap((transition) => observance(transition, timeZone)),
    'END:VTIMEZONE',
  ];
}
