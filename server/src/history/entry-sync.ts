import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type {
  ChangeRecordEntry,
  FieldChange,
  GetEntrySync,
  OffSiteReason,
  TranslationStatus,
} from '../../../shared/contracts/change-record';
import {
  staleTranslations,
  TRANSLATION_FIELD,
  type TranslationState,
} from '../../../shared/contracts/translations';
import { getService } from '../services/get-service';
import {
  CHANGE_RECORD_UID,
  ENTITY_UIDS,
  SYNC_STATE_UID,
  type EntityType,
} from '../store/entity-types';

/** Changes an entry's panel shows. */
const LATEST_CHANGES = 20;

interface SyncedEntry {
  id: number;
  documentId: string;
  stagerId: string;
  hidden?: boolean | null;
  removedAt: string | null;
  syncSequence: number | string | null;
  translation?: TranslationState | null;
}

interface StateRow {
  stagerId: string;
  sequence: number | string;
  creationSequence: number | string | null;
  updatedAt: string;
}

interface RecordRow {
  messageId: number | string;
  entryType: EntityType;
  stagerId: string;
  action: ChangeRecordEntry['action'];
  fields: FieldChange[] | string | null;
  recordedAt: string;
}

const asRecord = (row: RecordRow): ChangeRecordEntry => ({
  messageId: Number(row.messageId),
  entryType: row.entryType,
  stagerId: row.stagerId,
  action: row.action,
  fields: (typeof row.fields === 'string' ? JSON.parse(row.fields) : row.fields) ?? [],
  recordedAt: new Date(row.recordedAt).toISOString(),
});

const isoOrNull = (value: unknown) => (value ? new Date(value as string).toISOString() : null);

/**
 * An entry's sync status, for the Content Manager's Stager panel and list column: when it was last
 * synced, who writes each field, why it is not on the site, and its latest changes.
 */
export function createEntrySyncService(strapi: Core.Strapi) {
  const records = () => strapi.db.query(CHANGE_RECORD_UID as never);
  const states = () => strapi.db.query(SYNC_STATE_UID as never);

  const locales = () => getService(strapi, 'runtime').locales;
  const inSourceLocale = () => locales().sourceRows();

  async function entryOf(type: EntityType, documentId: string): Promise<SyncedEntry> {
    const entry = (await strapi.db.query(ENTITY_UIDS[type] as never).findOne({
      where: { documentId, ...inSourceLocale() },
      select: [
        'id',
        'documentId',
        'stagerId',
        'removedAt',
        'syncSequence',
        TRANSLATION_FIELD,
        ...(type === 'event' ? ['hidden'] : []),
      ],
    })) as SyncedEntry | null;
    if (!entry) throw new errors.NotFoundError(`${type} ${documentId} not found`);
    return entry;
  }

  /**
   * Why the entry is not on the site. Removed: by Stager, with the message that removed it (its
   * record, or the entry's last writer once the record is pruned). Review: created hidden because
   * new events wait for review (its creation record says so) and not saved by an editor since
   * (an editor's save marks its sync state). Otherwise hidden by an editor.
   */
  async function offSiteReason(
    type: EntityType,
    entry: SyncedEntry,
    state: StateRow | null
  ): Promise<OffSiteReason | null> {
    if (entry.removedAt) {
      const removal = (await records().findOne({
        where: { entryType: type, stagerId: entry.stagerId, action: 'removed' },
        orderBy: { messageId: 'desc' },
      })) as RecordRow | null;
      const messageId = removal?.messageId ?? entry.syncSequence;
      return {
        reason: 'removed',
        messageId: messageId === null ? null : Number(messageId),
        removedAt: isoOrNull(entry.removedAt),
      };
    }
    if (!entry.hidden) return null;
    const creation = (await records().findOne({
      where: { entryType: type, stagerId: entry.stagerId, action: 'created' },
    })) as RecordRow | null;
    const createdHidden = creation
      ? asRecord(creation).fields.some(
          (change) => change.field === 'hidden' && change.kind === 'value' && change.new === true
        )
      : false;
    const editorSaved = state !== null && Number(state.creationSequence) === 0;
    return createdHidden && !editorSaved ? { reason: 'review' } : { reason: 'hidden' };
  }

  /** Who wrote the words of the entry's row in `locale`, when that is not Stager's locale. */
  async function translationIn(
    type: EntityType,
    source: SyncedEntry,
    locale: string | undefined
  ): Promise<TranslationStatus | null> {
    if (!locale || !locales().enabled() || locale === locales().source()) return null;
    const row = (await strapi.db.query(ENTITY_UIDS[type] as never).findOne({
      where: { documentId: source.documentId, locale },
      select: [TRANSLATION_FIELD],
    })) as { translation?: TranslationState | null } | null;
    return {
      locale,
      sourceLocale: locales().source(),
      translatedAt: row?.translation?.translatedAt ?? {},
      sourceChanged: staleTranslations(source.translation, row?.translation),
    };
  }

  const stateOf = async (type: EntityType, stagerId: string) =>
    (await states().findOne({
      where: { entityType: type, stagerId },
      select: ['stagerId', 'sequence', 'creationSequence', 'updatedAt'],
    })) as StateRow | null;

  return {
    async status(
      type: EntityType,
      documentId: string,
      locale?: string
    ): Promise<Omit<GetEntrySync.Response['data'], 'canReplay'>> {
      const entry = await entryOf(type, documentId);
      const state = await stateOf(type, entry.stagerId);
      const changes = (await records().findMany({
        where: { entryType: type, stagerId: entry.stagerId },
        orderBy: [{ messageId: 'desc' }, { id: 'desc' }],
        limit: LATEST_CHANGES,
      })) as RecordRow[];
      return {
        entryType: type,
        stagerId: entry.stagerId,
        lastSyncedAt: isoOrNull(state?.updatedAt),
        lastMessageId: entry.syncSequence === null ? null : Number(entry.syncSequence),
        authority: { ...getService(strapi, 'runtime').writePolicy.authorities()[type] },
        offSite: await offSiteReason(type, entry, state),
        changes: changes.map(asRecord),
        translation: await translationIn(type, entry, locale),
      };
    },

    /** When each entry was last synced, by document id (null when never). */
    async lastSynced(
      type: EntityType,
      documentIds: string[]
    ): Promise<Record<string, string | null>> {
      if (documentIds.length === 0) return {};
      const entries = (await strapi.db.query(ENTITY_UIDS[type] as never).findMany({
        where: { documentId: { $in: documentIds }, ...inSourceLocale() },
        select: ['documentId', 'stagerId'],
      })) as Array<{ documentId: string; stagerId: string }>;
      const synced = (await states().findMany({
        where: { entityType: type, stagerId: { $in: entries.map(({ stagerId }) => stagerId) } },
        select: ['stagerId', 'updatedAt'],
      })) as Array<{ stagerId: string; updatedAt: string }>;
      const byStagerId = new Map(synced.map((row) => [row.stagerId, isoOrNull(row.updatedAt)]));
      return Object.fromEntries(
        entries.map(({ documentId, stagerId }) => [documentId, byStagerId.get(stagerId) ?? null])
      );
    },

    /** The message that last wrote the entry, or a clear refusal when there is none. */
    async lastMessageOf(type: EntityType, documentId: string): Promise<number> {
      const { syncSequence } = await entryOf(type, documentId);
      if (syncSequence === null)
        throw new errors.ValidationError(`this ${type} was not written by a Stager message`);
      return Number(syncSequence);
    },

    /** What each message did to each entry, for the message page. */
    async changesOfMessage(messageId: number): Promise<ChangeRecordEntry[]> {
      const rows = (await records().findMany({
        where: { messageId },
        orderBy: { id: 'asc' },
      })) as RecordRow[];
      return rows.map(asRecord);
    },
  };
}

export type EntrySyncService = ReturnType<typeof createEntrySyncService>;
