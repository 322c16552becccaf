/** The admin API of the sync history (menu → Stager sync): what each route takes and answers. */

import type { InboxStatus } from '../constants';
import type { ChangeAction } from './change-record';

/** One received message, as the history table lists it. Times are ISO 8601. */
export interface HistoryRow {
  /** The message's receipt sequence. */
  id: number;
  receivedAt: string;
  /** One of MESSAGE_TYPES, or whatever an unsupported message said. */
  messageType: string;
  organizationId: string | null;
  sourceAddress: string | null;
  size: number;
  itemCount: number;
  itemsProcessed: number;
  itemsFailed: number;
  status: InboxStatus;
  durationMs: number | null;
  attempts: number;
  replays: number;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  payloadPrunedAt: string | null;
}

/** The history's filters, as the page sends them in the query string (and to replay-failed). */
export interface HistoryFilters {
  messageType?: string;
  status?: InboxStatus;
  organizationId?: string;
  receivedFrom?: string;
  receivedTo?: string;
}

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

/** GET /messages: newest first. */
export declare namespace ListMessages {
  export interface Request {
    query: HistoryFilters & { page?: number; pageSize?: number };
  }
  export interface Response {
    results: HistoryRow[];
    pagination: Pagination;
  }
}

/** A problem with one item of a message, at its path, e.g. `messageContent.events[3].start`. */
export interface ItemError {
  path: string;
  reason: string;
}

/** How many of a kind a message carries, with the first ids. */
export interface ListSummary {
  count: number;
  ids: string[];
}

/** Counts and ids of what a message carries, read from its envelope whatever its type. */
export interface PayloadSummary {
  organization: { id: string; name: string | null } | null;
  events: ListSummary;
  locations: ListSummary;
  deletedEvents: ListSummary;
  deletedLocations: ListSummary;
  /** Locations embedded in events, which the sync writes too. */
  embeddedLocationIds: string[];
}

/** An entry a message touched, with its path in the Content Manager. */
export interface EntryLink {
  type: 'event' | 'location' | 'organization';
  stagerId: string;
  documentId: string;
  name: string | null;
  contentManagerPath: string;
  /** What the message did to the entry, from the change record; null when it changed nothing. */
  change: { action: ChangeAction; fields: string[] } | null;
}

/** Where an image of the feed is on its way into the Media Library. */
export type MediaState = 'pending' | 'stored' | 'failed';

/** An image a message carries, and what became of it. */
export interface MessageImageStatus {
  url: string;
  /** Null when the plugin has no record of it: media off, or its file was removed as unused. */
  state: MediaState | null;
  /** Why it failed, or what its last failed attempt said while it is retried. */
  reason: string | null;
  attempts: number;
  /** The Media Library file, once stored. */
  fileId: number | null;
}

export interface MessageDetail {
  /** Finished, or stuck in queued/processing beyond the job lock. */
  replayable: boolean;
  /**
   * A full sync waiting its turn: the id of the full sync being applied, which a worker finishes
   * first. It is not stuck, and is not replayed.
   */
  waitingBehind: number | null;
  message: HistoryRow & { sha256: string; itemErrors: ItemError[] | null };
  /** Null once the payload is pruned. */
  summary: PayloadSummary | null;
  entries: EntryLink[];
  /** The images the message carries (null once the payload is pruned). */
  images: MessageImageStatus[] | null;
}

/** GET /messages/:id */
export declare namespace GetMessage {
  export interface Response {
    data: MessageDetail;
  }
}

/** POST /messages/:id/replay */
export declare namespace ReplayMessage {
  export interface Response {
    data: { id: number; replays: number };
  }
}

/** POST /messages/replay-failed: every failed message matching the filters, oldest first. */
export declare namespace ReplayFailed {
  export interface Request {
    body: HistoryFilters;
  }
  export interface Response {
    data: { replayed: number; ids: number[] };
  }
}
