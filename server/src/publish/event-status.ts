/**
 * What each Stager status means on the site: schema.org's `eventStatus` and iCalendar's STATUS.
 * Documented in docs/structured-data-and-calendars.md; change both together.
 */

export type SchemaEventStatus = 'EventScheduled' | 'EventCancelled';
export type IcalStatus = 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';

export interface StatusMeaning {
  schemaOrg: SchemaEventStatus;
  /** Null: no STATUS line (RFC 5545 then says nothing about it). */
  ical: IcalStatus | null;
  cancelled: boolean;
}

export const STATUS_MEANINGS: Readonly<Record<string, StatusMeaning>> = {
  // A date held for the event, not yet firm.
  OPTION: { schemaOrg: 'EventScheduled', ical: 'TENTATIVE', cancelled: false },
  TO_BE_CONFIRMED: { schemaOrg: 'EventScheduled', ical: 'TENTATIVE', cancelled: false },
  CONFIRMED: { schemaOrg: 'EventScheduled', ical: 'CONFIRMED', cancelled: false },
  // The organiser has decided to cancel; Stager is still processing it. Visitors must not come.
  TO_BE_CANCELLED: { schemaOrg: 'EventCancelled', ical: 'CANCELLED', cancelled: true },
  CANCELLED: { schemaOrg: 'EventCancelled', ical: 'CANCELLED', cancelled: true },
};

/** A status Stager may add later, or none: the event is published, so it is taken as scheduled. */
const UNKNOWN: StatusMeaning = { schemaOrg: 'EventScheduled', ical: null, cancelled: false };

export function statusMeaning(status: string | null | undefined): StatusMeaning {
  const key = status?.trim().toUpperCase() ?? '';
  return Object.hasOwn(STATUS_MEANINGS, key) ? STATUS_MEANINGS[key] : UNKNOWN;
}
