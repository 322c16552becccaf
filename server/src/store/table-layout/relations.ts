import type { Transaction } from '../transaction';
import { chunksOf, insertLinks, rowIdsOf, updateRows } from './rows';
import type {
  JoinTable,
  ModelSchema,
  ModelTables,
  RelationField,
  RelationLink,
  Row,
} from './types';

/** Relations are given the way the document service takes them: `{ set: [documentId] }`. */
export const relatedDocumentIds = (value: unknown): string[] =>
  ((value as { set?: string[] } | null)?.set ?? []).filter(Boolean);

/** The relation fields of a model that `given` names, with their link tables. */
export function relationFields(
  schema: ModelSchema,
  { attributes }: ModelTables,
  given: (field: string) => boolean
): RelationField[] {
  return Object.entries(schema.attributes).flatMap(([field, attribute]) => {
    if (attribute.type !== 'relation' || !attribute.target || !given(field)) return [];
    const links = attributes[field].joinTable;
    if (!links)
      throw new Error(
        `the sync's bulk writes handle relations kept in link tables only (${field})`
      );
    return [{ field, target: attribute.target, links }];
  });
}

/**
 * The links of the entries in a relation's link table, with their targets' document ids;
 * `targetTable` is the table of the relation's target.
 */
export async function relationLinksOf(
  trx: Transaction,
  { links }: RelationField,
  targetTable: string,
  entryIds: number[]
): Promise<RelationLink[]> {
  const found: RelationLink[] = [];
  for (const chunk of chunksOf(entryIds)) {
    const rows = await trx(`${links.name} as link`)
      .join(`${targetTable} as target`, 'target.id', `link.${links.inverseJoinColumn.name}`)
      .select(
        'link.id as linkId',
        `link.${links.joinColumn.name} as entryId`,
        'target.id as targetId',
        'target.document_id as documentId'
      )
      .whereIn(`link.${links.joinColumn.name}`, chunk)
      .orderBy('link.id');
    for (const row of rows) {
      found.push({
        linkId: Number(row.linkId),
        entryId: Number(row.entryId),
        targetId: Number(row.targetId),
        documentId: row.documentId,
      });
    }
  }
  return found;
}

/** The next position of each target's own list of entries. */
async function nextPositions(
  trx: Transaction,
  links: JoinTable,
  targetIds: number[]
): Promise<Map<number, number>> {
  const column = links.inverseOrderColumnName;
  const positions = new Map<number, number>();
  if (!column) return positions;
  for (const chunk of chunksOf(targetIds)) {
    const rows = await trx(links.name)
      .select(links.inverseJoinColumn.name)
      .max(column, { as: 'position' })
      .whereIn(links.inverseJoinColumn.name, chunk)
      .groupBy(links.inverseJoinColumn.name);
    for (const row of rows)
      positions.set(Number(row[links.inverseJoinColumn.name]), Number(row.position ?? 0) + 1);
  }
  return positions;
}

/**
 * Link rows from each entry to its targets: `order` in the entry's own list, and the next
 * position at the end of each target's list of entries (e.g. an organisation's events).
 */
export async function relationLinks(
  trx: Transaction,
  links: JoinTable,
  targetsOfEntries: Array<{ entryId: number; targetIds: number[] }>
): Promise<Row[]> {
  const positions = await nextPositions(trx, links, [
    ...new Set(targetsOfEntries.flatMap((entry) => entry.targetIds)),
  ]);
  return targetsOfEntries.flatMap(({ entryId, targetIds }) =>
    targetIds.map((targetId, order) => {
      const link: Row = {
        [links.joinColumn.name]: entryId,
        [links.inverseJoinColumn.name]: targetId,
      };
      if (links.orderColumnName) link[links.orderColumnName] = order + 1;
      if (links.inverseOrderColumnName) {
        const position = positions.get(targetId) ?? 1;
        link[links.inverseOrderColumnName] = position;
        positions.set(targetId, position + 1);
      }
      return link;
    })
  );
}

/** Numbers each target's list of entries 1, 2, 3 … again after links left it, as Strapi does. */
export async function closeGaps(
  trx: Transaction,
  links: JoinTable,
  targetIds: number[]
): Promise<void> {
  const column = links.inverseOrderColumnName;
  if (!column || targetIds.length === 0) return;
  const renumbered: Array<{ id: number } & Row> = [];
  for (const chunk of chunksOf(targetIds)) {
    const rows = await trx(links.name)
      .select('id', links.inverseJoinColumn.name, column)
      .whereIn(links.inverseJoinColumn.name, chunk)
      .orderBy([links.inverseJoinColumn.name, column, 'id']);
    let target: unknown;
    let position = 0;
    for (const row of rows) {
      if (row[links.inverseJoinColumn.name] !== target)
        [target, position] = [row[links.inverseJoinColumn.name], 0];
      position += 1;
      if (Number(row[column]) !== position)
        renumbered.push({ id: Number(row.id), [column]: position });
    }
  }
  await updateRows(trx, links.name, renumbered);
}

/** An entry and the documents it links in a relation; with a `locale`, their rows in that locale. */
export interface EntryLinks {
  entryId: number;
  documentIds: string[];
  locale?: string;
}

/**
 * Links each entry to the documents it names in a relation (`{ set: [documentId] }`), at the
 * end of each target's list of entries; `targetTable` is the table of the relation's target.
 * An entry with a locale links the targets' rows in its locale.
 */
export async function linkEntries(
  trx: Transaction,
  relation: RelationField,
  targetTable: string,
  entries: EntryLinks[]
): Promise<void> {
  const byLocale = new Map<string | undefined, EntryLinks[]>();
  for (const entry of entries)
    byLocale.set(entry.locale, [...(byLocale.get(entry.locale) ?? []), entry]);
  for (const [locale, ofLocale] of byLocale)
    await linkEntriesIn(trx, relation, targetTable, ofLocale, locale);
}

async function linkEntriesIn(
  trx: Transaction,
  relation: RelationField,
  targetTable: string,
  entries: EntryLinks[],
  locale: string | undefined
): Promise<void> {
  const wanted = [...new Set(entries.flatMap(({ documentIds }) => documentIds))];
  const targetIds = await rowIdsOf(trx, targetTable, wanted, locale);
  const targetsOfEntries = entries.map(({ entryId, documentIds }) => ({
    entryId,
    targetIds: documentIds.map((documentId) => {
      const targetId = targetIds.get(documentId);
      if (targetId === undefined)
        throw new Error(
          `${relation.field}: no ${relation.target} with document id ${documentId}${locale ? ` in locale ${locale}` : ''}`
        );
      return targetId;
    }),
  }));
  const links = await relationLinks(trx, relation.links, targetsOfEntries);
  await insertLinks(trx, relation.links.name, links);
}
