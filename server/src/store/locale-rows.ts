import type { SyncedType } from '../../../shared/contracts/fields';
import {
  PER_LANGUAGE_FIELDS,
  TRANSLATION_FIELD,
  type TranslationState,
} from '../../../shared/contracts/translations';
import type { SiteLocales } from '../i18n/site-locales';
import type { RowsLocale } from './bulk-insert';
import type { EntryChange } from './bulk-update';
import { ENTITY_UIDS } from './entity-types';
import type { Transaction } from './sync-guard';
import type { Row, TableLayout } from './table-layout';

/** A synced entry's row in a locale other than the source, with who wrote its words. */
interface TranslatedRow {
  id: number;
  sourceId: number;
  locale: string;
  translation: TranslationState | null;
}

const parsed = (value: unknown): TranslationState | null =>
  typeof value === 'string'
    ? (JSON.parse(value) as TranslationState)
    : ((value as TranslationState) ?? null);

/**
 * Where the synced types have locales (`i18n.enabled`), every entry has a row per locale of the
 * site. The sync writes the source locale's row as it writes any entry, and the same fields on the
 * other locales' rows, in the same statements, but for the words a translator wrote there. It notes
 * on the source row when Stager changed each word, so a translated locale can show that its
 * translation is older.
 */
export function createLocaleRows(layout: TableLayout, locales: SiteLocales) {
  const handles = (uid: string) => locales.enabled() && layout.isLocalized(uid);

  /** The source rows' words and translation state, in comparable form. */
  async function storedWords(trx: Transaction, type: SyncedType, ids: number[]) {
    const fields = [...PER_LANGUAGE_FIELDS[type], TRANSLATION_FIELD];
    return layout.storedFields(trx, ENTITY_UIDS[type], ids, fields);
  }

  /** The other locales' rows of the entries whose source rows are `sourceIds`. */
  async function translatedRows(
    trx: Transaction,
    uid: string,
    sourceIds: number[]
  ): Promise<TranslatedRow[]> {
    const table = layout.tableOf(uid);
    const found: TranslatedRow[] = [];
    for (const chunk of layout.chunksOf(sourceIds)) {
      const rows = (await trx(`${table} as copy`)
        .join(`${table} as source`, 'source.document_id', 'copy.document_id')
        .select(
          'copy.id as id',
          'copy.locale as locale',
          'copy.translation as translation',
          'source.id as sourceId'
        )
        .whereIn('source.id', chunk)
        .whereNot('copy.locale', locales.source())) as Row[];
      for (const row of rows)
        found.push({
          id: Number(row.id),
          sourceId: Number(row.sourceId),
          locale: row.locale as string,
          translation: parsed(row.translation),
        });
    }
    return found;
  }

  /** The source row's change, with the time Stager changed each word it changes now. */
  function markSourceChanges(
    type: SyncedType,
    change: EntryChange,
    stored: Row | undefined,
    now: string
  ): EntryChange {
    const uid = ENTITY_UIDS[type];
    const changed = PER_LANGUAGE_FIELDS[type].filter((field) => {
      if (!(field in change.data)) return false;
      const attribute = layout.scalarAttribute(uid, field);
      return (
        !attribute || layout.comparable(attribute, change.data[field]) !== (stored?.[field] ?? null)
      );
    });
    if (changed.length === 0) return { ...change, locale: locales.source() };
    const state = parsed(stored?.[TRANSLATION_FIELD]) ?? {};
    const sourceChangedAt = { ...state.sourceChangedAt };
    for (const field of changed) sourceChangedAt[field] = now;
    return {
      ...change,
      locale: locales.source(),
      data: { ...change.data, [TRANSLATION_FIELD]: { ...state, sourceChangedAt } },
    };
  }

  /**
   * A translated row's change: the source's, but for the words its translator wrote and those the
   * locale leaves to translators (`editor`); words the locale keeps Stager's are always written.
   */
  function translatedChange(
    type: SyncedType,
    row: TranslatedRow,
    source: EntryChange
  ): EntryChange {
    const mirrored = locales.wordsWith(type, row.locale, 'stager');
    const left = new Set([
      TRANSLATION_FIELD,
      ...locales.wordsWith(type, row.locale, 'editor'),
      ...Object.keys(row.translation?.translatedAt ?? {}).filter(
        (field) => !mirrored.includes(field)
      ),
    ]);
    const data = Object.fromEntries(
      Object.entries(source.data).filter(([field]) => !left.has(field))
    );
    return { id: row.id, data, locale: row.locale };
  }

  return {
    /** True when entries of `uid` have a row per locale that the sync keeps. */
    handles,

    /** The locales a new entry of `type` is created in, the source first; one without a code without locales. */
    async creationLocales(trx: Transaction, type: SyncedType): Promise<RowsLocale[]> {
      if (!handles(ENTITY_UIDS[type])) return [{}];
      const others = (await locales.others(trx)).map((code) => ({
        code,
        blank: locales.wordsWith(type, code, 'editor'),
      }));
      return [{ code: locales.source() }, ...others];
    },

    /** The condition that picks an entry's source row among its rows of `uid`. */
    sourceRow: (uid: string): Row => (handles(uid) ? { locale: locales.source() } : {}),

    /**
     * The changes of entries' source rows, spread over all their rows: the source rows' changes
     * (with the words Stager changed noted), and each other locale's row's change.
     */
    async spread(
      trx: Transaction,
      type: SyncedType,
      changes: EntryChange[]
    ): Promise<EntryChange[]> {
      const uid = ENTITY_UIDS[type];
      if (!handles(uid) || changes.length === 0) return changes;
      const ids = changes.map(({ id }) => id);
      const stored = await storedWords(trx, type, ids);
      const now = new Date().toISOString();
      const sourceChanges = changes.map((change) =>
        markSourceChanges(type, change, stored.get(change.id), now)
      );
      const bySource = new Map(changes.map((change) => [change.id, change]));
      const others = (await translatedRows(trx, uid, ids)).map((row) =>
        translatedChange(type, row, bySource.get(row.sourceId)!)
      );
      return [...sourceChanges, ...others];
    },
  };
}

export type LocaleRows = ReturnType<typeof createLocaleRows>;
