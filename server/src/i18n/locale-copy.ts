import type { Core } from '@strapi/strapi';
import type { SyncedType } from '../../../shared/contracts/fields';
import { copyMediaLinks } from '../media/image-links';
import { ENTITY_UIDS, SYNC_STATE_UID } from '../store/entity-types';
import { createIsolation } from '../store/isolation';
import type { Transaction } from '../store/sync-guard';
import type { Row, TableLayout } from '../store/table-layout';
import type { SiteLocales } from './site-locales';

const ENTRIES_PER_BATCH = 200;
// The relations copied are those between the synced types; a site's own relations to them are its own.
const SYNCED_UIDS = new Set<string>(Object.values(ENTITY_UIDS));

/** What copying entries into a locale works with. */
export interface LocaleCopy {
  strapi: Core.Strapi;
  layout: TableLayout;
  locales: SiteLocales;
}

/** Source rows of `uid` whose document has no row in `locale` yet, a batch of them (of `ids`). */
function missingRows(
  { layout, locales }: LocaleCopy,
  trx: Transaction,
  uid: string,
  locale: string,
  ids?: unknown[]
) {
  const table = layout.tableOf(uid);
  const query = trx(`${table} as source`);
  if (ids) query.whereIn('source.id', ids);
  return query
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
}

/** Gives each copy (by source row id) copies of its source's components, with their files. */
async function copyComponents(
  { strapi, layout }: LocaleCopy,
  trx: Transaction,
  uid: string,
  copies: Map<number, number>
) {
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

/** Links each copy to the same locale's rows of the entries its source links. */
async function copyRelations(
  { layout }: LocaleCopy,
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

/**
 * Waits for the syncs writing these entries to commit, and keeps new ones off them until the copy
 * commits, by their sync states' locks, which every sync of an entry takes exclusively: a sync
 * either wrote the source row before the copy reads it, or finds the copy and writes it too.
 */
async function lockSyncStates(
  { strapi }: LocaleCopy,
  trx: Transaction,
  type: SyncedType,
  sources: Row[]
): Promise<void> {
  const stagerIds = sources.map((row) => row.stager_id as string);
  await trx(strapi.db.metadata.get(SYNC_STATE_UID).tableName)
    .select('id')
    .where('entity_type', type)
    .whereIn('stager_id', stagerIds)
    .forShare();
}

/**
 * Copies one batch of the entries of `type` that `locale` lacks from the source locale, in a
 * transaction of its own; returns how many. Words the locale leaves to translators start empty.
 */
export async function copyMissingEntries(
  copy: LocaleCopy,
  type: SyncedType,
  locale: string
): Promise<number> {
  const { strapi, layout, locales } = copy;
  const uid = ENTITY_UIDS[type];
  const copied = await strapi.db.transaction(async ({ trx }): Promise<number> => {
    await createIsolation(strapi).beginReadCommitted(trx);
    const missing = await missingRows(copy, trx, uid, locale);
    if (missing.length === 0) return 0;
    await lockSyncStates(copy, trx, type, missing);
    // Read again once the syncs in flight committed: with what they wrote, and without entries
    // another instance copied meanwhile.
    const sources = await missingRows(
      copy,
      trx,
      uid,
      locale,
      missing.map((row) => row.id)
    );
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
    await copyComponents(copy, trx, uid, copies);
    await copyRelations(copy, trx, uid, locale, copies);
    return sources.length;
  });
  return copied as number;
}
