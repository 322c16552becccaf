import type { Core } from '@strapi/strapi';
import type { Transaction } from '../transaction';
import { announce } from './announce';
import { comparable, holds, rowOf, storedScalars } from './columns';
import { componentFields, componentLink, componentLinksOf, componentValues } from './components';
import { createModels, type Models } from './models';
import {
  closeGaps,
  linkEntries,
  relationFields,
  type EntryLinks,
  relationLinks,
  relationLinksOf,
} from './relations';
import {
  chunksOf,
  deleteRows,
  insertLinks,
  insertRows,
  rowIdsOf,
  rowsById,
  updateRows,
} from './rows';
import type { RelationField, Row } from './types';

export { newDocumentId } from './document-id';
export { relatedDocumentIds } from './relations';
export type {
  ComponentField,
  ComponentLink,
  JoinTable,
  RelationField,
  RelationLink,
  Row,
  SchemaAttribute,
} from './types';

/** What a model is and where its rows are. */
const modelLayout = ({ schemaOf, tablesOf }: Models) => ({
  schemaOf,
  tableOf: (uid: string) => tablesOf(uid).tableName,

  /** True when the content type keeps drafts: only the document service knows how to write them. */
  keepsDrafts: (uid: string): boolean => Boolean(schemaOf(uid).options?.draftAndPublish),

  /** True when the content type keeps a row per locale of each document. */
  isLocalized: (uid: string): boolean => Boolean(schemaOf(uid).pluginOptions?.i18n?.localized),

  /** True when the model has a media field (kept by the upload plugin, not in the model's rows). */
  hasMedia: (uid: string): boolean =>
    Object.values(schemaOf(uid).attributes).some((attribute) => attribute.type === 'media'),
});

/** How the scalar fields of a model map onto its row's columns. */
const columnMapping = ({ tablesOf, columnAttributes, scalarAttributes }: Models) => ({
  /** The row of an entry or component: the columns of the fields in `data`, and with `withDefaults` the schema defaults of the others. */
  rowOf: (uid: string, data: Row, { withDefaults }: { withDefaults: boolean }): Row =>
    rowOf(columnAttributes(uid), data, withDefaults),

  /** True when the stored row of a component already holds what `row` (from `rowOf`) would write. */
  holds: (uid: string, stored: Row, row: Row): boolean => holds(columnAttributes(uid), stored, row),

  /** The attribute of `uid`'s `field` when the field is kept in the entry's own row. */
  scalarAttribute: (uid: string, field: string) => scalarAttributes(uid).get(field),

  /** A scalar value, as written or as read back, in one form per type whatever the database. */
  comparable,

  /** The scalar fields of the rows `ids` of `uid` but those in `skip`, by name, in comparable form. */
  storedScalars: (
    trx: Transaction,
    uid: string,
    ids: number[],
    skip: ReadonlySet<string> = new Set()
  ): Promise<Map<number, Row>> => {
    const columns = columnAttributes(uid).filter(({ name }) => !skip.has(name));
    return storedScalars(trx, tablesOf(uid).tableName, columns, ids);
  },

  /** The given scalar fields of the rows `ids` of `uid`, by name, in comparable form. */
  storedFields: (
    trx: Transaction,
    uid: string,
    ids: number[],
    fields: readonly string[]
  ): Promise<Map<number, Row>> => {
    const columns = columnAttributes(uid).filter(({ name }) => fields.includes(name));
    return storedScalars(trx, tablesOf(uid).tableName, columns, ids);
  },
});

/** Statements on rows of any table. */
const rowStatements = ({ tablesOf }: Models, returnsIds: boolean) => ({
  /** Lists cut to the size of one statement's rows or parameters. */
  chunksOf,
  insertRows: (trx: Transaction, table: string, rows: Row[]) =>
    insertRows(trx, table, rows, returnsIds),
  insertLinks,
  updateRows,
  deleteRows,
  rowsById,
  /** Row ids of the given documents of `uid`; of their rows in `locale` if given. */
  rowIdsOf: (trx: Transaction, uid: string, documentIds: string[], locale?: string) =>
    rowIdsOf(trx, tablesOf(uid).tableName, documentIds, locale),
});

/** An entry's components and their links. */
const componentRows = ({ schemaOf, tablesOf }: Models) => ({
  componentFields: (uid: string, given: (field: string) => boolean) =>
    componentFields(schemaOf(uid), tablesOf(uid), given),
  componentValues,
  componentLink,
  componentLinksOf,
});

/** An entry's relations, kept in link tables. */
const relationRows = ({ schemaOf, tablesOf }: Models) => ({
  relationFields: (uid: string, given: (field: string) => boolean) =>
    relationFields(schemaOf(uid), tablesOf(uid), given),
  relationLinksOf: (trx: Transaction, relation: RelationField, entryIds: number[]) =>
    relationLinksOf(trx, relation, tablesOf(relation.target).tableName, entryIds),
  relationLinks,
  closeGaps,
  linkEntries: (trx: Transaction, relation: RelationField, entries: EntryLinks[]) =>
    linkEntries(trx, relation, tablesOf(relation.target).tableName, entries),
  /** True when the entry's side keeps the relation (not `mappedBy` the other side). */
  ownsRelation: (uid: string, field: string): boolean => !schemaOf(uid).attributes[field]?.mappedBy,
});

/**
 * How Strapi's query engine lays out the entries of a content type in the database: the entry's
 * own row, its components' rows with their `_cmps` links, and its relations' link tables with their
 * order columns. The bulk insert and the bulk update write through this, so that the Content Manager
 * and the read APIs see ordinary entries.
 *
 * It knows scalar fields, JSON, dates, components without nested components, and to-one relations
 * kept in link tables: what the sync writes.
 */
export function createTableLayout(strapi: Core.Strapi) {
  const models = createModels(strapi);
  return {
    ...modelLayout(models),
    ...columnMapping(models),
    ...rowStatements(models, strapi.db.dialect.useReturning()),
    ...componentRows(models),
    ...relationRows(models),
    announce: (eventName: string, uid: string, ids: number[]) =>
      announce(strapi, eventName, uid, ids),
  };
}

export type TableLayout = ReturnType<typeof createTableLayout>;
