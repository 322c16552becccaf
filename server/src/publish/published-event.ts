/**
 * An event as the structured data and the calendars read it through the document service: only
 * public fields, the Media Library file of each image when one is stored. Every field but the
 * ids may be missing (a site can make any field private; Stager sends few of them).
 */

/** A datetime as the database layer hands it back: an ISO string or a Date. */
export type StoredTime = string | Date;

export interface PublishedFile {
  url?: string | null;
  alternativeText?: string | null;
  width?: number | null;
  height?: number | null;
}

export interface PublishedImage {
  url?: string | null;
  alt?: string | null;
  width?: number | null;
  height?: number | null;
  media?: PublishedFile | null;
}

export interface PublishedTicketType {
  stagerId?: string | null;
  name?: string | null;
  /** Cents. */
  price?: number | null;
  /** Cents. */
  webFee?: number | null;
  currency?: string | null;
  saleStart?: StoredTime | null;
  onlineSaleEnd?: StoredTime | null;
  onlineSoldOut?: boolean | number | null;
  soldOutOverride?: boolean | number | null;
  available?: number | null;
}

export interface PublishedLocation {
  stagerId?: string | null;
  name?: string | null;
  street?: string | null;
  houseNumber?: string | null;
  zipcode?: string | null;
  city?: string | null;
  country?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  website?: string | null;
  updatedAt?: StoredTime | null;
}

export interface PublishedOrganization {
  stagerId?: string | null;
  name?: string | null;
  website?: string | null;
  updatedAt?: StoredTime | null;
}

export interface PublishedEvent {
  documentId: string;
  stagerId?: string | null;
  name?: string | null;
  subtitle?: string | null;
  eventStatus?: string | null;
  start?: StoredTime | null;
  end?: StoredTime | null;
  doorsOpen?: StoredTime | null;
  modifiedAt?: StoredTime | null;
  updatedAt?: StoredTime | null;
  text?: string | null;
  textHtml?: string | null;
  editorialText?: string | null;
  ticketShopUrl?: string | null;
  genre?: string | null;
  language?: string | null;
  mainImage?: PublishedImage | null;
  images?: PublishedImage[] | null;
  ticketTypes?: PublishedTicketType[] | null;
  eventGroup?: { stagerId?: string | null; name?: string | null } | null;
  location?: PublishedLocation | null;
  organization?: PublishedOrganization | null;
}

/** A stored time as a Date, or null when missing or unreadable. */
export function timeOf(value: StoredTime | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** SQLite hands booleans back as 0/1. */
export const isTrue = (value: boolean | number | null | undefined) => value === true || value === 1;

/** Text that is there: trimmed, or null when empty. */
export const present = (value: string | null | undefined): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
