/** The change record: what each applied message did to each entry, and an entry's sync status. */

import type { FieldAuthority, SyncedType } from './fields';

/** What a message did to an entry. */
export type ChangeAction = 'created' | 'changed' | 'removed' | 'restored';

/**
 * One field a message changed. A scalar field has its value before and after (`old` is null for a
 * created entry; long text is shortened to CHANGE_TEXT_LIMIT characters and ends with "…"). A
 * component or relation field has `kind: 'changed'` only.
 */
export type FieldChange =
  { field: string; kind: 'value'; old: unknown; new: unknown } | { field: string; kind: 'changed' };

/** Text longer than this is shortened in the record. */
export const CHANGE_TEXT_LIMIT = 200;

/** One message's change to one entry. */
export interface ChangeRecordEntry {
  /** The inbox message (its receipt sequence), as the sync history lists it. */
  messageId: number;
  entryType: SyncedType;
  stagerId: string;
  action: ChangeAction;
  fields: FieldChange[];
  /** When the change was committed, ISO 8601. */
  recordedAt: string;
}

/**
 * Why an entry is not on the site, if it is not: `removed` by Stager (the message that removed it,
 * when still recorded), `review` (created hidden because new events wait for review, and neither
 * shown nor saved by an editor since), or `hidden` (an editor's choice).
 */
export type OffSiteReason =
  | { reason: 'removed'; messageId: number | null; removedAt: string | null }
  | { reason: 'review' }
  | { reason: 'hidden' };

/** GET /entries/:entryType/:documentId/sync */
export declare namespace GetEntrySync {
  export interface Response {
    data: {
      entryType: SyncedType;
      stagerId: string;
      /** When a message about the entry was last applied (identical ones included); null if never. */
      lastSyncedAt: string | null;
      /** The message that last wrote it. */
      lastMessageId: number | null;
      /** Who writes each mapped field. */
      authority: Record<string, FieldAuthority>;
      /** Null when the entry is on the site. */
      offSite: OffSiteReason | null;
      /** The latest changes first, at most 20. */
      changes: ChangeRecordEntry[];
      /** True when the user may replay the last message. */
      canReplay: boolean;
      /** In a locale other than Stager's (`?locale=`), who wrote its words; null otherwise. */
      translation: TranslationStatus | null;
    };
  }
}

/** A translated locale of an entry: the fields a translator wrote, and those Stager changed since. */
export interface TranslationStatus {
  locale: string;
  sourceLocale: string;
  /** Per-language fields a translator wrote in this locale, with when: the sync leaves them alone. */
  translatedAt: Record<string, string>;
  /** Translated fields whose text Stager changed in the source locale after the translation. */
  sourceChanged: string[];
}

/** GET /entries/:entryType/last-synced?documentIds=a,b — for the list view's column. */
export declare namespace GetLastSynced {
  export interface Response {
    data: Record<string, string | null>;
  }
}

/** POST /entries/:entryType/:documentId/replay-last */
export declare namespace ReplayLastMessage {
  export interface Response {
    data: { id: number; replays: number };
  }
}
