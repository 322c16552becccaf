import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { sanitize } from '@strapi/utils';
import type { Transaction } from './sync-guard';

type Row = Record<string, unknown>;

interface SchemaAttribute {
  type: string;
  component?: string;
  repeatable?: boolean;
  target?: string;
  default?: unknown;
}

interface JoinTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  orderColumnName?: string;
  inverseOrderColumnName?: string;
}

interface ColumnAttribute {
  columnName?: string;
  joinTable?: JoinTable;
}

/** What Strapi's query engine knows of a model's tables: its own, and those of its links. */
interface ModelTables {
  tableName: string;
  attributes: Record<string, ColumnAttribute>;
}

const ROWS_PER_STATEMENT = 200;
// The columns Strapi gives every component link table (`<table>_cmps`).
const COMPONENT_FIELD_COLUMN = 'field';
const COMPONENT_TYPE_COLUMN = 'component_type';

/** Relations are given the way the document service takes them: `{ set: [documentId] }`. */
const relatedDocumentIds = (value: unknown): string[] => ((value as { set?: string[] } | null)?.set ?? []).filter(Boolean);

/** A document id in the form Strapi gives them: 24 lower-case letters and digits, a letter first. */
function newDocumentId(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const alphabet = `${letters}0123456789`;
  const bytes = randomBytes(24);
  return Array.from(bytes, (byte, index) => (index === 0 ? letters[byte % 26] : alphabet[byte % 36])).join('');
}

/**
 * Creates many new entries of one content type in a handful of statements: the entries' rows, their
 * components' rows, the component links and the relation links, laid out as Strapi's query engine
 * lays them out, so the Content Manager and the read APIs see ordinary entries. The document
 * service takes about 17 ms per event with nine components; this takes well under one.
 *
 * It knows scalar fields, JSON, dates, components without nested components, and to-one relations
 * given as `{ set: [documentId] }`: what the sync writes. Fields left out get their schema default.
 */
export function createBulkInserter(strapi: Core.Strapi) {
  const returnsIds = strapi.db.dialect.useReturning();
  const schemaOf = (uid: string) => (strapi.getModel(uid as never) as unknown as { attributes: Record<string, SchemaAttribute> }).attributes;
  const tablesOf = (uid: string) => strapi.db.metadata.get(uid) as unknown as ModelTables;

  function columnValue(attribute: SchemaAttribute, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    switch (attribute.type) {
      case 'json':
        return JSON.stringify(value);
      case 'datetime':
      case 'timestamp':
        return new Date(value as string);
      case 'date':
      case 'time':
      case 'media':
      case 'dynamiczone':
        throw new Error(`bulk insert does not handle ${attribute.type} fields`);
      default:
        return value;
    }
  }

  /** The row of one entry or component: its own columns, with defaults for the fields not given. */
  function rowOf(uid: string, data: Row): Row {
    const schema = schemaOf(uid);
    const { attributes } = tablesOf(uid);
    const row: Row = {};
    for (const [name, attribute] of Object.entries(schema)) {
      const column = attributes[name]?.columnName;
      if (!column || attribute.type === 'component' || attribute.type === 'relation') continue;
      if (name in data) row[column] = columnValue(attribute, data[name]);
      else if (attribute.default !== undefined) row[column] = columnValue(attribute, attribute.default);
    }
    return row;
  }

  async function insertRows(trx: Transaction, table: string, rows: Row[]): Promise<number[]> {
    const ids: number[] = [];
    if (!returnsIds) {
      // Without RETURNING (MySQL, MariaDB) only a one-row insert tells its id for certain.
      for (const row of rows) ids.push(Number((await trx(table).insert(row))[0]));
      return ids;
    }
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const inserted = await trx(table).insert(rows.slice(start, start + ROWS_PER_STATEMENT)).returning('id');
      ids.push(...inserted.map((entry: { id: number } | number) => Number(typeof entry === 'object' ? entry.id : entry)));
    }
    return ids;
  }

  async function insertLinks(trx: Transaction, table: string, rows: Row[]): Promise<void> {
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      await trx(table).insert(rows.slice(start, start + ROWS_PER_STATEMENT));
    }
  }

  async function insertComponents(trx: Transaction, uid: string, entries: Row[], entryIds: number[]): Promise<void> {
    const schema = schemaOf(uid);
    const { attributes } = tablesOf(uid);
    const links: Row[] = [];
    let linkTable = '';
    for (const [field, attribute] of Object.entries(schema)) {
      if (attribute.type !== 'component' || !attribute.component) continue;
      const joinTable = attributes[field].joinTable as JoinTable;
      linkTable = joinTable.name;
      const owners: Array<{ entryId: number; order: number | null }> = [];
      const rows: Row[] = [];
      entries.forEach((entry, index) => {
        const value = entry[field];
        const values = attribute.repeatable ? ((value as Row[] | null | undefined) ?? []) : value ? [value as Row] : [];
        values.forEach((component, position) => {
          rows.push(rowOf(attribute.component as string, component));
          owners.push({ entryId: entryIds[index], order: attribute.repeatable ? position + 1 : null });
        });
      });
      if (rows.length === 0) continue;
      const componentIds = await insertRows(trx, tablesOf(attribute.component).tableName, rows);
      owners.forEach(({ entryId, order }, index) => {
        links.push({
          [joinTable.joinColumn.name]: entryId,
          [joinTable.inverseJoinColumn.name]: componentIds[index],
          [COMPONENT_FIELD_COLUMN]: field,
          [COMPONENT_TYPE_COLUMN]: attribute.component,
          ...(joinTable.orderColumnName ? { [joinTable.orderColumnName]: order } : {}),
        });
      });
    }
    if (links.length > 0) await insertLinks(trx, linkTable, links);
  }

  /** Row ids of the given documents of `uid`. */
  async function rowIdsOf(trx: Transaction, uid: string, documentIds: string[]): Promise<Map<string, number>> {
    const rows = documentIds.length === 0 ? [] : await trx(tablesOf(uid).tableName).select('id', 'document_id').whereIn('document_id', documentIds);
    return new Map(rows.map((row: { id: number; document_id: string }) => [row.document_id, Number(row.id)]));
  }

  /** The next position of each target's own list of these entries (e.g. an organisation's events). */
  async function nextPositions(trx: Transaction, joinTable: JoinTable, targetIds: number[]): Promise<Map<number, number>> {
    const column = joinTable.inverseOrderColumnName;
    if (!column || targetIds.length === 0) return new Map();
    const rows = await trx(joinTable.name)
      .select(joinTable.inverseJoinColumn.name)
      .max(column, { as: 'position' })
      .whereIn(joinTable.inverseJoinColumn.name, targetIds)
      .groupBy(joinTable.inverseJoinColumn.name);
    return new Map(rows.map((row: Row) => [Number(row[joinTable.inverseJoinColumn.name]), Number(row.position ?? 0) + 1]));
  }

  async function insertRelations(trx: Transaction, uid: string, entries: Row[], entryIds: number[]): Promise<void> {
    const schema = schemaOf(uid);
    const { attributes } = tablesOf(uid);
    for (const [field, attribute] of Object.entries(schema)) {
      if (attribute.type !== 'relation' || !attribute.target || !entries.some((entry) => field in entry)) continue;
      const joinTable = attributes[field].joinTable;
      if (!joinTable) throw new Error(`bulk insert handles relations kept in link tables only (${field})`);
      const wanted = entries.map((entry) => relatedDocumentIds(entry[field]));
      const targetIds = await rowIdsOf(trx, attribute.target, [...new Set(wanted.flat())]);
      const positions = await nextPositions(trx, joinTable, [...targetIds.values()]);
      const links: Row[] = [];
      wanted.forEach((documentIds, index) => {
        documentIds.forEach((documentId, order) => {
          const targetId = targetIds.get(documentId);
          if (targetId === undefined) throw new Error(`${field}: no ${attribute.target} with document id ${documentId}`);
          const link: Row = { [joinTable.joinColumn.name]: entryIds[index], [joinTable.inverseJoinColumn.name]: targetId };
          if (joinTable.orderColumnName) link[joinTable.orderColumnName] = order + 1;
          if (joinTable.inverseOrderColumnName) {
            const position = positions.get(targetId) ?? 1;
            link[joinTable.inverseOrderColumnName] = position;
            positions.set(targetId, position + 1);
          }
          links.push(link);
        });
      });
      if (links.length > 0) await insertLinks(trx, joinTable.name, links);
    }
  }

  /** Every component and relation of `uid`, one level deep: what Strapi sends with `entry.create`. */
  const populateAll = (uid: string) =>
    Object.fromEntries(
      Object.entries(schemaOf(uid))
        .filter(([name, attribute]) => (attribute.type === 'component' || attribute.type === 'relation') && name !== 'localizations')
        .map(([name]) => [name, true])
    );

  return {
    /**
     * Creates the entries of `uid`, given as document-service data, inside the transaction `trx`,
     * and returns their row ids. Like Strapi's own `createMany`, it runs the `beforeCreateMany`
     * and `afterCreateMany` database lifecycles of the model.
     */
    async insert(trx: Transaction, uid: string, entries: Row[]): Promise<number[]> {
      if (entries.length === 0) return [];
      const params = { data: entries };
      const states = await strapi.db.lifecycles.run('beforeCreateMany', uid as never, { params } as never);
      const now = new Date();
      const rows = params.data.map((entry) => ({
        ...rowOf(uid, entry),
        document_id: newDocumentId(),
        created_at: now,
        updated_at: now,
        // Entries of a content type without draft and publish are published when created.
        published_at: now,
      }));
      const ids = await insertRows(trx, tablesOf(uid).tableName, rows);
      await insertComponents(trx, uid, entries, ids);
      await insertRelations(trx, uid, entries, ids);
      await strapi.db.lifecycles.run('afterCreateMany', uid as never, { params, result: { count: ids.length, ids } } as never, states);
      return ids;
    },

    /**
     * Sends Strapi's `entry.create` event for each created entry, as the document service does
     * after its transaction commits, so that Strapi webhooks hear of them. One read for them all.
     */
    async announceCreated(uid: string, ids: number[]): Promise<void> {
      if (ids.length === 0) return;
      const model = strapi.getModel(uid as never) as unknown as { modelName: string; uid: string };
      const entries = await strapi.db.query(uid as never).findMany({ where: { id: { $in: ids } }, populate: populateAll(uid) });
      for (const entry of entries) {
        const sanitized = await sanitize.sanitizers.defaultSanitizeOutput(
          { schema: model as never, getModel: (target: string) => strapi.getModel(target as never) as never },
          entry
        );
        await strapi.eventHub.emit('entry.create', { model: model.modelName, uid: model.uid, entry: sanitized });
      }
    },
  };
}

export type BulkInserter = ReturnType<typeof createBulkInserter>;
