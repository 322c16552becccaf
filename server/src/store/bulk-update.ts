import type { Core } from '@strapi/strapi';
import {
  relatedDocumentIds,
  type ComponentField,
  type Row,
  type TableLayout,
} from './table-layout';
import type { Transaction } from './sync-guard';
import { detachMedia, SOURCE_URL_COLUMN } from '../media/image-links';

/** An existing entry's row and the fields to write on it, as document-service data. */
export interface EntryChange {
  id: number;
  data: Row;
  /** The row's locale, where the type has locales: its relations link rows of the same locale. */
  locale?: string;
}

/** Per entry id, the component and relation fields an update changed. */
export type ChangedLinks = Map<number, Set<string>>;

function markChanged(changed: ChangedLinks, entryId: number, field: string): void {
  let fields = changed.get(entryId);
  if (!fields) changed.set(entryId, (fields = new Set()));
  fields.add(field);
}

/**
 * Changes many existing entries of one content type in a handful of statements. Only the fields
 * given are written. Components are compared by position with what is stored: a changed one is
 * updated in place, so it keeps its id (a Content Manager form opened before the change can still
 * be saved); extra ones are added and surplus ones deleted with their links. A relation's links
 * change only when its target does.
 */
export function createBulkUpdater(strapi: Core.Strapi, layout: TableLayout) {
  async function updateComponents(
    trx: Transaction,
    uid: string,
    changes: EntryChange[],
    changed: ChangedLinks
  ): Promise<void> {
    const fields = layout.componentFields(uid, (field) =>
      changes.some(({ data }) => field in data)
    );
    if (fields.length === 0) return;
    // Every component field of a content type is linked through the same `_cmps` table.
    const linkTable = fields[0].links;
    const storedLinks = await layout.componentLinksOf(
      trx,
      linkTable,
      changes.map(({ id }) => id)
    );

    for (const component of new Set(fields.map((field) => field.component))) {
      const table = layout.tableOf(component);
      const ofComponent = fields.filter((field) => field.component === component);
      const linkedIds = changes
        .flatMap(({ id }) =>
          ofComponent.flatMap(({ field }) => storedLinks.get(id)?.get(field) ?? [])
        )
        .map((link) => link.componentId);
      const storedRows = await layout.rowsById(trx, table, linkedIds);

      const changedRows: Array<Row & { id: number }> = [];
      const reorderedLinks: Array<Row & { id: number }> = [];
      const newRows: Row[] = [];
      const newRowOwners: Array<{ field: ComponentField; entryId: number; position: number }> = [];
      const surplusLinks: number[] = [];
      const surplusRows: number[] = [];
      for (const { id: entryId, data } of changes) {
        for (const field of ofComponent.filter(({ field: name }) => name in data)) {
          const stored = storedLinks.get(entryId)?.get(field.field) ?? [];
          const values = layout.componentValues(field, data[field.field]);
          const changedBefore = changedRows.length + newRows.length + reorderedLinks.length;
          values.forEach((value, position) => {
            const row = layout.rowOf(component, value, { withDefaults: true });
            const link = stored[position];
            if (!link) {
              newRows.push(row);
              newRowOwners.push({ field, entryId, position });
              return;
            }
            const current = storedRows.get(link.componentId);
            if (!current || !layout.holds(component, current, row))
              changedRows.push({ ...row, id: link.componentId });
            if (field.repeatable && linkTable.orderColumnName && link.order !== position + 1) {
              reorderedLinks.push({ id: link.linkId, [linkTable.orderColumnName]: position + 1 });
            }
          });
          if (
            changedRows.length + newRows.length + reorderedLinks.length > changedBefore ||
            stored.length > values.length
          )
            markChanged(changed, entryId, field.field);
          for (const link of stored.slice(values.length)) {
            surplusLinks.push(link.linkId);
            surplusRows.push(link.componentId);
          }
        }
      }

      if (layout.hasMedia(component)) {
        // A file stays with the image it was made of: a component updated in place to another
        // image, or deleted, loses its link (the image worker links the new image's file).
        const movedOn = changedRows.filter(
          (row) => storedRows.get(row.id)?.[SOURCE_URL_COLUMN] !== row[SOURCE_URL_COLUMN]
        );
        await detachMedia(strapi, trx, component, [...movedOn.map(({ id }) => id), ...surplusRows]);
      }
      await layout.updateRows(trx, table, changedRows);
      const newIds = await layout.insertRows(trx, table, newRows);
      const newLinks = newRowOwners.map(({ field, entryId, position }, index) =>
        layout.componentLink(field, entryId, newIds[index], position)
      );
      await layout.insertLinks(trx, linkTable.name, newLinks);
      await layout.updateRows(trx, linkTable.name, reorderedLinks);
      // The link table cascades only from the entry's side: the links and the rows go apart.
      await layout.deleteRows(trx, linkTable.name, surplusLinks);
      await layout.deleteRows(trx, table, surplusRows);
    }
  }

  async function updateRelations(
    trx: Transaction,
    uid: string,
    changes: EntryChange[],
    changed: ChangedLinks
  ): Promise<void> {
    for (const relation of layout.relationFields(uid, (field) =>
      changes.some(({ data }) => field in data)
    )) {
      const given = changes.filter(({ data }) => relation.field in data);
      const current = await layout.relationLinksOf(
        trx,
        relation,
        given.map(({ id }) => id)
      );
      const moved = given.flatMap(({ id: entryId, data, locale }) => {
        const wanted = relatedDocumentIds(data[relation.field]);
        const links = current.filter((link) => link.entryId === entryId);
        const same =
          links.length === wanted.length &&
          links.every((link, position) => link.documentId === wanted[position]);
        return same ? [] : [{ entryId, wanted, links, locale }];
      });
      if (moved.length === 0) continue;
      for (const { entryId } of moved) markChanged(changed, entryId, relation.field);

      const removed = moved.flatMap(({ links }) => links);
      await layout.deleteRows(
        trx,
        relation.links.name,
        removed.map(({ linkId }) => linkId)
      );
      await layout.closeGaps(trx, relation.links, [
        ...new Set(removed.map(({ targetId }) => targetId)),
      ]);
      await layout.linkEntries(
        trx,
        relation,
        moved.map(({ entryId, wanted, locale }) => ({ entryId, documentIds: wanted, locale }))
      );
    }
  }

  return {
    /**
     * Writes the changes on entries of `uid` inside the transaction `trx`. Like Strapi's own
     * `updateMany`, it runs the `beforeUpdateMany` and `afterUpdateMany` database lifecycles of the
     * model, with `data` as one object per entry (Strapi's timestamps then stamp `updatedAt` on each).
     * Returns the component and relation fields it changed.
     */
    async update(trx: Transaction, uid: string, changes: EntryChange[]): Promise<ChangedLinks> {
      const changed: ChangedLinks = new Map();
      if (changes.length === 0) return changed;
      const params = {
        where: { id: { $in: changes.map(({ id }) => id) } },
        data: changes.map(({ data }) => data),
      };
      const states = await strapi.db.lifecycles.run(
        'beforeUpdateMany',
        uid as never,
        { params } as never
      );
      const written = params.data.map((data, index) => ({ ...changes[index], data }));
      await layout.updateRows(
        trx,
        layout.tableOf(uid),
        written.map(({ id, data }) => ({ ...layout.rowOf(uid, data, { withDefaults: false }), id }))
      );
      await updateComponents(trx, uid, written, changed);
      await updateRelations(trx, uid, written, changed);
      await strapi.db.lifecycles.run(
        'afterUpdateMany',
        uid as never,
        { params, result: { count: changes.length } } as never,
        states
      );
      return changed;
    },
  };
}

export type BulkUpdater = ReturnType<typeof createBulkUpdater>;
