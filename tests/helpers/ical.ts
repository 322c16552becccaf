import ICAL from 'ical.js';

export interface ParsedEvent {
  uid: string;
  summary: string;
  status: string | null;
  sequence: number;
  start: Date;
  end: Date | null;
  startZone: string;
  lastModified: Date;
  url: string | null;
  description: string | null;
  location: string | null;
  categories: string[];
  geo: [number, number] | null;
}

/**
 * Parses an iCalendar feed with ical.js (a maintained RFC 5545 parser): its VTIMEZONEs are
 * registered, so the events' local times are turned into instants by the feed's own zone rules.
 */
export function parseCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const events: ParsedEvent[] = calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    const value = (name: string) =>
      (component.getFirstPropertyValue(name) as string | null) ?? null;
    const geo = component.getFirstPropertyValue('geo') as [number, number] | null;
    return {
      uid: event.uid,
      summary: event.summary,
      status: value('status'),
      sequence: event.sequence,
      start: event.startDate.toJSDate(),
      end: component.hasProperty('dtend') ? event.endDate.toJSDate() : null,
      startZone: component.getFirstProperty('dtstart')!.getParameter('tzid') as string,
      lastModified: (component.getFirstPropertyValue('last-modified') as ICAL.Time).toJSDate(),
      url: value('url'),
      description: value('description'),
      location: value('location'),
      categories: component
        .getAllProperties('categories')
        .flatMap((property) => property.getValues() as string[]),
      geo: geo ?? null,
    };
  });
  return {
    name: calendar.getFirstPropertyValue('x-wr-calname') as string | null,
    version: calendar.getFirstPropertyValue('version') as string,
    zones: calendar
      .getAllSubcomponents('vtimezone')
      .map((zone) => zone.getFirstPropertyValue('tzid')),
    events,
  };
}
