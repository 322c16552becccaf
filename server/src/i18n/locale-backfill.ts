import type { Core } from '@strapi/strapi';
import { SYNCED_TYPES, type SyncedType } from '../../../shared/contracts/fields';
import type { LocaleProgress } from '../../../shared/contracts/translations';
import { copyMediaLinks } from '../media/image-links';
import { ENTITY_UIDS } from '../store/entity-types';
import type { Transaction } from '../store/sync-guard';
import type { Row, TableLayout } from '../store/table-layout';
import { errorMessage } from '../utils/error-message';
import type { SiteLocales } from './site-locales';

const ENTRIES_PER_BATCH = 200;
// The relations copied are those between the synced types; a site's own relations to them are its own.
const SYNCED_UIDS = new Set<string>(Object.values(ENTITY_UIDS));

/**
 * Gives every locale of the site a row of every synced entry it lacks: a copy of the source
 * locale's row with its components, media links and relations (linked to the same locale's rows),
 * so a translator starts from Stager's text. Runs in the background after start, when a locale is
 * added, and now and then, in small transactions; several instances may run it at once, since a
 * locale's row of an entry is unique.
 */
export function createLocaleBackfill(
  strapi: Core.Strapi,
  layout: TableLayout,
  locales: SiteLocales
) {
  let running: Promise<void> | null = null;

  const missingRows = (trx: Transaction, uid: string, locale: string) => {
    const table = layout.tableOf(uid);
    return trx(`${table} as source`)
      .select('source.*')
      .where('source.locale', locales.source())
      .whereNotExists(
        trx(`${table} as copy`)
          .select(trx.raw('1'))
          .whereRaw('?? = ??', ['copy.document_id', 'source.document_id'])
          .where('copy.locale', locale)
      )
      .orderBy('source.id')
      .limit(ENTRIES_PER_BATCH) as Promise<Row[]>;
  };

  async function copyComponents(trx: Transaction, uid: string, copies: Map<number, number>) {
    const fields = layout.componentFields(uid, () => true);
    if (fields.length === 0) return;
    const linkTable = fields[0].links;
    const stored = await layout.componentLinksOf(trx, linkTable, [...copies.keys()]);
    for (const component of new Set(fields.map((field) => field.component))) {
      const ofComponent = fields.filter((field) => field.component === component);
      const owned = [...copies].flatMap(([sourceId, copyId]) =>
        ofComponent.flatMap((field) =>
          (stored.get(sourceId)?.get(field.field) ?? []).map((link, position) => ({
            field,
            copyId,
            position,
            componentId: link.componentId,
          }))
        )
      );
      const rows = await layout.rowsById(
        trx,
        layout.tableOf(component),
        owned.map(({ componentId }) => componentId)
      );
      const withoutIds = owned.map(({ componentId }) => {
        const { id: _id, ...row } = rows.get(componentId) ?? {};
        return row;
      });
      const newIds = await layout.insertRows(trx, layout.tableOf(component), withoutIds);
      await layout.insertLinks(
        trx,
        linkTable.name,
        owned.map(({ field, copyId, position }, index) =>
          layout.componentLink(field, copyId, newIds[index], position)
        )
      );
      if (layout.hasMedia(component))
        await copyMediaLinks(
          strapi,
          trx,
          component,
          owned.map(({ componentId }, index) => [componentId, newIds[index]])
        );
    }
  }

  async function copyRelations(
    trx: Transaction,
    uid: string,
    locale: string,
    copies: Map<number, number>
  ) {
    const synced = (field: string) =>
      field !== 'localizations' &&
      SYNCED_UIDS.has(layout.schemaOf(uid).attributes[field]?.target ?? '') &&
      layout.ownsRelation(uid, field);
    for (const relation of layout.relationFields(uid, synced)) {
      const links = await layout.relationLinksOf(trx, relation, [...copies.keys()]);
      await layout.linkEntries(
        trx,
        relation,
        [...copies].map(([sourceId, copyId]) => ({
          entryId: copyId,
          locale,
          documentIds: links
            .filter((link) => link.entryId === sourceId)
            .map((link) => link.documentId),
        }))
      );
    }
  }

  /** Copies one batch of the entries `locale` lacks; returns how many. */
  async function copyBatch(type: SyncedType, locale: string): Promise<number> {
    const uid = ENTITY_UIDS[type];
    const copied = await strapi.db.transaction(async ({ trx }): Promise<number> => {
      const sources = await missingRows(trx, uid, locale);
      if (sources.length === 0) return 0;
      const blank = layout.rowOf(
        uid,
        Object.fromEntries(locales.wordsWith(type, locale, 'editor').map((field) => [field, null])),
        { withDefaults: false }
      );
      const newIds = await layout.insertRows(
        trx,
        layout.tableOf(uid),
        sources.map(({ id: _id, ...row }) => ({ ...row, ...blank, locale, translation: null }))
      );
      const copies = new Map(sources.map((row, index) => [Number(row.id), newIds[index]]));
      await copyComponents(trx, uid, copies);
      await copyRelations(trx, uid, locale, copies);
      return sources.length;
    });
    return copied as number;
  }

  async function fillAll(): Promise<void> {
    const copied = new Map<string, number>();
    for (const locale of await strapi.db.transaction(({ trx }) => locales.others(trx))) {
      // Organisations first: locations and events link to them in the same locale.
      for (const type of ['organization', 'location', 'event'] as const) {
        let count: number;
        do {
          count = await copyBatch(type, locale);
          copied.set(locale, (copied.get(locale) ?? 0) + count);
        } while (count > 0);
      }
    }
    for (const [locale, count] of copied)
      if (count > 0)
        strapi.log.info(`stager: ${count} synced entries copied to the locale "${locale}"`);
  }

  return {
    /** Starts filling the locales in the background, unless it is running already. */
    async fill(): Promise<void> {
      if (!locales.enabled()) return;
      running ??= fillAll()
        .catch((error) => {
          strapi.log.warn(
            `stager: copying entries to the site's locales stopped: ${errorMessage(error)}`
          );
        })
        .finally(() => {
          running = null;
        });
      await running;
    },

    /** Each locale's count of synced entries against the source locale's. */
    async progress(): Promise<LocaleProgress[]> {
      if (!locales.enabled()) return [];
      const source = locales.source();
      const counts = new Map<string, number>();
      for (const type of SYNCED_TYPES) {
        const rows = (await strapi.db
          .connection(layout.tableOf(ENTITY_UIDS[type]))
          .select('locale')
          .count({ entries: '*' })
          .groupBy('locale')) as Array<{ locale: string | null; entries: string | number }>;
        for (const row of rows)
          if (row.locale)
            counts.set(row.locale, (counts.get(row.locale) ?? 0) + Number(row.entries));
      }
      const others = await strapi.db.transaction(({ trx }) => locales.others(trx));
      const of = counts.get(source) ?? 0;
      return [source, ...others].map((locale) => ({
        locale,
        source: locale === source,
        entries: counts.get(locale) ?? 0,
        of,
      }));
    },
  };
}

export type LocaleBackfill = ReturnType<typeof createLocaleBackfill>;

/** Fills a locale as soon as it is added to the site in this instance's admin. */
export function fillAddedLocales(strapi: Core.Strapi, backfill: LocaleBackfill): void {
  strapi.db.lifecycles.subscribe({
    models: ['plugin::i18n.locale'],
    afterCreate() {
      void backfill.fill();
    },
  } as never);
}
