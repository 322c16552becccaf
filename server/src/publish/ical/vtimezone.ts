import { transitionsOfYears, type Transition } from '../zone-rules';
import {
  formatOffset,
  icalWallTime,
  offsetMinutes,
  utcWallTime,
  zoneAbbreviation,
} from '../zoned-time';

const MINUTE = 60_000;

function observance(transition: Transition, timeZone: string, nameAt = transition.at): string[] {
  const kind = transition.to > transition.from ? 'DAYLIGHT' : 'STANDARD';
  // DTSTART of an observance is the local time of the onset in the offset in force before it.
  const onsetLocal = utcWallTime(new Date(transition.at.getTime() + transition.from * MINUTE));
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
  const transitions = transitionsOfYears(
    timeZone,
    first.getUTCFullYear() - 1,
    last.getUTCFullYear()
  );
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
