import { isNotModified, validatorsOf } from '../../server/src/publish/conditional';
import { calendarFeed, eventUid, sequenceOf } from '../../server/src/publish/ical/calendar';
import { escapeText, foldLine } from '../../server/src/publish/ical/content-lines';
import type { PublishedEvent } from '../../server/src/publish/published-event';
import { parseSelection, SelectionError } from '../../server/src/publish/selection';
import { isAmbiguousWallTime, localWallTime, offsetAt } from '../../server/src/publish/zone-rules';
import { offsetMinutes, wallTime } from '../../server/src/publish/zoned-time';
import { parseCalendar } from '../helpers/ical';

const options = { timeZone: 'Europe/Amsterdam', name: 'Paradiso Noord', refreshMinutes: 60 };

const event = (overrides: Partial<PublishedEvent> = {}): PublishedEvent => ({
  documentId: 'doc-1',
  stagerId: 'ev-993271',
  name: 'Nachtcollege: Sterren & Straten',
  subtitle: 'Een avond over de stad; bij nacht',
  eventStatus: 'CONFIRMED',
  start: '2026-12-31T19:30:00.000Z',
  end: '2026-12-31T22:00:00.000Z',
  modifiedAt: '2026-11-20T09:15:03.000Z',
  updatedAt: '2026-11-20T09:16:00.000Z',
  text: '**Lezing** met muziek.',
  ticketShopUrl: 'https://tickets.example.org/ev-993271?ref=agenda&x=1',
  genre: 'Lezing',
  location: {
    name: 'Tolhuistuin',
    street: 'IJpromenade',
    houseNumber: '2',
    zipcode: '1031 KT',
    city: 'Amsterdam',
    latitude: 52.3843,
    longitude: 4.9024,
  },
  ...overrides,
});

describe('iCalendar feed', () => {
  it('parses with ical.js: UID, times in the zone, status, location, ticket link', () => {
    const text = calendarFeed([event()], options);
    const calendar = parseCalendar(text);
    expect(calendar).toMatchObject({
      name: 'Paradiso Noord',
      version: '2.0',
      zones: ['Europe/Amsterdam'],
    });
    const [parsed] = calendar.events;
    expect(parsed).toMatchObject({
      uid: 'stager-event-ev-993271',
      summary: 'Nachtcollege: Sterren & Straten',
      status: 'CONFIRMED',
      startZone: 'Europe/Amsterdam',
      url: 'https://tickets.example.org/ev-993271?ref=agenda&x=1',
      location: 'Tolhuistuin, IJpromenade 2, 1031 KT Amsterdam',
      categories: ['Lezing'],
      geo: [52.3843, 4.9024],
    });
    expect(parsed.start.toISOString()).toBe('2026-12-31T19:30:00.000Z');
    expect(parsed.end?.toISOString()).toBe('2026-12-31T22:00:00.000Z');
    expect(parsed.description).toBe(
      'Een avond over de stad; bij nacht\n\nLezing met muziek.\n\nhttps://tickets.example.org/ev-993271?ref=agenda&x=1'
    );
    expect(text).toContain('DTSTART;TZID=Europe/Amsterdam:20261231T203000\r\n');
    expect(text).toContain('DESCRIPTION:Een avond over de stad\\; bij nacht\\n\\nLezing');
  });

  it('gives local times a VTIMEZONE that puts them at the right instant, summer and winter', () => {
    const times = [
      ['2027-03-28T00:30:00.000Z', '2027-03-28T01:30:00.000Z'], // the night the clocks go forward
      ['2027-07-01T18:00:00.000Z', '2027-07-01T21:00:00.000Z'],
      ['2027-10-31T00:30:00.000Z', '2027-10-31T01:30:00.000Z'], // and back
      ['2028-01-15T19:00:00.000Z', '2028-01-15T20:00:00.000Z'],
    ];
    const events = times.map(([start, end], index) =>
      event({ documentId: `d${index}`, stagerId: `ev-${index}`, start, end })
    );
    for (const timeZone of ['Europe/Amsterdam', 'America/New_York', 'Asia/Tokyo', 'UTC']) {
      const parsed = parseCalendar(calendarFeed(events, { ...options, timeZone })).events;
      expect(parsed.map((item) => [item.start.toISOString(), item.end?.toISOString()])).toEqual(
        times
      );
      // The one in the hour that occurs twice (in zones whose clocks go back then) is in UTC.
      const zones = parsed.map((item) => item.startZone);
      expect(zones.filter((zone) => zone !== timeZone).every((zone) => zone === undefined)).toBe(
        true
      );
      expect(zones.filter((zone) => zone === timeZone).length).toBeGreaterThanOrEqual(3);
    }
    const text = calendarFeed(events, options);
    expect(text).toContain('DTSTART:20271031T003000Z\r\n');
  });

  it.each([
    ['OPTION', 'TENTATIVE'],
    ['TO_BE_CONFIRMED', 'TENTATIVE'],
    ['CONFIRMED', 'CONFIRMED'],
    ['TO_BE_CANCELLED', 'CANCELLED'],
    ['CANCELLED', 'CANCELLED'],
    ['SOMETHING_NEW', null],
    [null, null],
  ])('writes Stager status %s as STATUS %s', (status, expected) => {
    expect(
      parseCalendar(calendarFeed([event({ eventStatus: status })], options)).events[0].status
    ).toBe(expected);
  });

  it('moves SEQUENCE and LAST-MODIFIED forward with a change, and keeps the UID', () => {
    const before = event();
    const after = event({ updatedAt: '2026-11-21T08:00:00.000Z', name: 'Nieuwe naam' });
    const [first] = parseCalendar(calendarFeed([before], options)).events;
    const [second] = parseCalendar(calendarFeed([after], options)).events;
    expect(second.uid).toBe(first.uid);
    expect(second.sequence).toBeGreaterThan(first.sequence);
    expect(second.lastModified.getTime()).toBeGreaterThan(first.lastModified.getTime());
    expect(sequenceOf(after)).toBeLessThan(2 ** 31);
    expect(eventUid({ documentId: 'x', stagerId: '12345' })).toBe('stager-event-12345');
  });

  it('folds at 75 octets without splitting a character, and keeps Dutch text and emoji whole', () => {
    const name = 'Zoë & de Ĳsbrekers: één avond vol poëzie 🎻🎉, café-chantant; “muziek” – '.repeat(
      3
    );
    const text = calendarFeed([event({ name, text: null, subtitle: null })], options);
    for (const line of text.split('\r\n'))
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(parseCalendar(text).events[0].summary).toBe(name.trim());
  });

  it('writes an event without end, location or link as its start and name only', () => {
    const text = calendarFeed(
      [{ documentId: 'bare', stagerId: 'ev-bare', name: 'Kaal', start: '2027-01-01T20:00:00Z' }],
      options
    );
    const [parsed] = parseCalendar(text).events;
    expect(parsed).toMatchObject({
      summary: 'Kaal',
      end: null,
      url: null,
      location: null,
      status: null,
    });
    expect(text).not.toContain('DTEND');
  });

  it('is a valid, empty calendar without events', () => {
    const calendar = parseCalendar(calendarFeed([], options));
    expect(calendar.events).toEqual([]);
    expect(calendar.zones).toEqual([]);
  });
});

describe('zone rules', () => {
  const zones = [
    'Europe/Amsterdam',
    'America/New_York',
    'Australia/Lord_Howe',
    'Asia/Kolkata',
    'UTC',
  ];

  it('agrees with Intl on the offset and wall time of every 37 minutes over two years', () => {
    for (const zone of zones) {
      for (let time = Date.UTC(2026, 0, 1); time < Date.UTC(2028, 0, 1); time += 37 * 60_000) {
        const instant = new Date(time);
        if (offsetAt(instant, zone) !== offsetMinutes(instant, zone))
          throw new Error(`${zone} at ${instant.toISOString()}`);
      }
      const instant = new Date('2027-10-31T01:15:00Z');
      expect(localWallTime(instant, zone)).toEqual(wallTime(instant, zone));
    }
  });

  it('finds the wall times that occur twice, and only those', () => {
    // Amsterdam, 31 October 2027: 03:00 CEST becomes 02:00 CET at 01:00 UTC.
    expect(isAmbiguousWallTime(new Date('2027-10-30T23:59:00Z'), 'Europe/Amsterdam')).toBe(false);
    expect(isAmbiguousWallTime(new Date('2027-10-31T00:00:00Z'), 'Europe/Amsterdam')).toBe(true);
    expect(isAmbiguousWallTime(new Date('2027-10-31T01:59:00Z'), 'Europe/Amsterdam')).toBe(true);
    expect(isAmbiguousWallTime(new Date('2027-10-31T02:00:00Z'), 'Europe/Amsterdam')).toBe(false);
    // Clocks going forward repeat nothing.
    expect(isAmbiguousWallTime(new Date('2027-03-28T01:00:00Z'), 'Europe/Amsterdam')).toBe(false);
    // Lord Howe Island goes back half an hour.
    expect(isAmbiguousWallTime(new Date('2027-04-03T14:45:00Z'), 'Australia/Lord_Howe')).toBe(true);
    expect(isAmbiguousWallTime(new Date('2027-04-03T16:00:00Z'), 'Australia/Lord_Howe')).toBe(
      false
    );
  });
});

describe('content lines', () => {
  it('escapes TEXT as RFC 5545 says', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('folds a long line into lines of at most 75 octets that unfold to it', () => {
    const line = `SUMMARY:${'é'.repeat(100)}`;
    const folded = foldLine(line);
    expect(folded.split('\r\n').every((part) => Buffer.byteLength(part) <= 75)).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });
});

describe('feed selection', () => {
  const defaults = {
    from: new Date('2026-12-01T00:00:00Z'),
    limit: 25,
    maxLimit: 100,
    timeZone: 'Europe/Amsterdam',
    limitAllowed: true,
  };

  it('reads ids, genres, a date range in the zone and a locale', () => {
    expect(
      parseSelection(
        {
          location: 'loc-77,loc-81',
          organization: ['org-1', 'org-2'],
          genre: 'Jazz',
          from: '2027-01-01',
          to: '2027-01-31',
          locale: 'nl',
          limit: '10',
        },
        defaults
      )
    ).toEqual({
      locationIds: ['loc-77', 'loc-81'],
      organizationIds: ['org-1', 'org-2'],
      genres: ['Jazz'],
      from: new Date('2026-12-31T23:00:00.000Z'),
      before: new Date('2027-01-31T23:00:00.000Z'),
      locale: 'nl',
      limit: 10,
    });
  });

  it.each([
    [{ organisation: 'x' }, 'unknown parameter "organisation"'],
    [{ from: 'tomorrow' }, 'from: expected a date'],
    [{ from: '2027-02-30' }, 'from: expected a date'],
    [{ from: '2027-01-02', to: '2027-01-01' }, 'to: expected a time after from'],
    [{ locale: '../x' }, 'locale: expected a locale code'],
    [{ limit: '500' }, 'limit: expected a whole number from 1 to 100'],
  ])('refuses %j', (query, reason) => {
    expect(() => parseSelection(query, defaults)).toThrow(SelectionError);
    expect(() => parseSelection(query, defaults)).toThrow(reason);
  });
});

describe('validators', () => {
  const validators = validatorsOf(['a', 1], new Date('2026-12-04T10:00:00.750Z'));

  it('answers 304 to the same ETag, and to If-Modified-Since only without If-None-Match', () => {
    expect(isNotModified({ ifNoneMatch: validators.etag }, validators)).toBe(true);
    expect(isNotModified({ ifNoneMatch: `W/${validators.etag}, "other"` }, validators)).toBe(true);
    expect(isNotModified({ ifNoneMatch: '"other"' }, validators)).toBe(false);
    const since = validators.lastModified.toUTCString();
    expect(isNotModified({ ifModifiedSince: since }, validators)).toBe(true);
    expect(isNotModified({ ifNoneMatch: '"other"', ifModifiedSince: since }, validators)).toBe(
      false
    );
    expect(isNotModified({ ifModifiedSince: 'Wed, 02 Dec 2026 10:00:00 GMT' }, validators)).toBe(
      false
    );
    expect(isNotModified({}, validators)).toBe(false);
  });

  it('changes the ETag with what the feed is made of', () => {
    expect(validatorsOf(['a', 2], new Date()).etag).not.toBe(validators.etag);
    expect(validatorsOf(['a', 1], new Date()).etag).toBe(validators.etag);
  });
});
