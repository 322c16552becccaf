import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { sanitize } from '@strapi/utils';
import type { Transaction } from './sync-guard';

export type Row = Record<string, unknown>;

export interface SchemaAttribute {
  type: string;
  component?: string;
  repeatable?: boolean;
  target?: string;
  default?: unknown;
}

export interface JoinTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  orderColumnName?: string;
  inverseOrderColumnName?: string;
}

interface ModelTables {
  tableName: string;
  attributes: Record<string, { columnName?: string; joinTable?: JoinTable }>;
}

interface ModelSchema {
  modelName: string;
  uid: string;
  attributes: Record<string, SchemaAttribute>;
  options?: { draftAndPublish?: boolean };
  pluginOptions?: { i18n?: { localized?: boolean } };
}

export interface ComponentField {
  field: string;
  component: string;
  repeatable: boolean;
  links: JoinTable;
}

export interface RelationField {
  field: string;
  target: string;
  links: JoinTable;
}

/** A link from an entry to one of its components, in the order Strapi reads them. */
export interface ComponentLink {
  linkId: number;
  componentId: number;
  order: number | null;
}

/** A link from an entry to a related entry. */
export interface RelationLink {
  linkId: number;
  entryId: number;
  targetId: number;
  documentId: string;
}

const ROWS_PER_STATEMENT = 200;
// The columns Strapi gives every component link table (`<table>_cmps`) besides its join columns.
const COMPONENT_FIELD_COLUMN = 'field';
const COMPONENT_TYPE_COLUMN = 'component_type';

const chunksOf = <T>(items: T[]): T[][] => {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += ROWS_PER_STATEMENT)
    chunks.push(items.slice(start, start + ROWS_PER_STATEMENT));
  return chunks;
};

/** Relations are given the way the document service takes them: `{ set: [documentId] }`. */
export const relatedDocumentIds = (value: unknown): string[] =>
  ((value as { set?: string[] } | null)?.set ?? []).filter(Boolean);

/** A document id in the form Strapi gives them: 24 lower-case letters and digits, a letter first. */
export function newDocumentId(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const alphabet = `${letters}0123456789`;
  const bytes = randomBytes(24);
  return Array.from(bytes, (byte, index) =>
    index === 0 ? letters[byte % 26] : alphabet[byte % 36]
  ).join('');
}

/** JSON with its object keys sorted, so that two databases' renderings of one value compare equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Row).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

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
  const returnsIds = strapi.db.dialect.useReturning();
  const schemaOf = (uid: string) => strapi.getModel(uid as never) as unknown as ModelSchema;
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
        throw new Error(`the sync's bulk writes do not handle ${attribute.type} fields`);
      default:
        return value;
    }
  }

  /** A column's value as read back or as written, in one form per type whatever the database. */
  function comparable(attribute: SchemaAttribute, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    switch (attribute.type) {
      case 'json':
        return canonicalJson(typeof value === 'string' ? JSON.parse(value) : value);
      case 'datetime':
      case 'timestamp':
        return new Date(value as string).getTime();
      case 'boolean':
        return Boolean(value);
      case 'integer':
      case 'float':
      case 'decimal':
        return Number(value);
      case 'biginteger':
        return String(value);
      default:
        return value;
    }
  }

  /** The scalar attributes of `uid` with their columns. */
  type ColumnAttribute = { name: string; column: string; attribute: SchemaAttribute };
  // Models are fixed once Strapi has loaded: each is read once, not once per row and field.
  const columnAttributesOf = new Map<string, ColumnAttribute[]>();
  const columnAttributes = (uid: string): ColumnAttribute[] => {
    let known = columnAttributesOf.get(uid);
    if (known) return known;
    const { attributes } = tablesOf(uid);
    known = Object.entries(schemaOf(uid).attributes).flatMap(([name, attribute]) => {
      const column = attributes[name]?.columnName;
      return column &&
        attribute.type !== 'component' &&
        attribute.type !== 'relation' &&
        attribute.type !== 'media'
        ? [{ name, column, attribute }]
        : [];
    });
    columnAttributesOf.set(uid, known);
    return known;
  };
  const scalarAttributesOf = new Map<string, Map<string, SchemaAttribute>>();

  const layout = {
    schemaOf,
    tableOf: (uid: string) => tablesOf(uid).tableName,

    /**
     * True when the content type keeps drafts or locales: its rows are more than one per document,
     * and only the document service knows how to write them.
     */
    needsDocumentService(uid: string): boolean {
      const schema = schemaOf(uid);
      return Boolean(schema.options?.draftAndPublish || schema.pluginOptions?.i18n?.localized);
    },

    /** The row of an entry or component: the columns of the fields in `data`, and with `withDefaults` the schema defaults of the others. */
    rowOf(uid: string, data: Row, { withDefaults }: { withDefaults: boolean }): Row {
      const row: Row = {};
      for (const { name, column, attribute } of columnAttributes(uid)) {
        if (name in data) row[column] = columnValue(attribute, data[name]);
        else if (withDefaults && attribute.default !== undefined)
          row[column] = columnValue(attribute, attribute.default);
      }
      return row;
    },

    /** True when the stored row of a component already holds what `row` (from `rowOf`) would write. */
    holds(uid: string, stored: Row, row: Row): boolean {
      return columnAttributes(uid).every(
        ({ column, attribute }) =>
          !(column in row) ||
          comparable(attribute, stored[column]) === comparable(attribute, row[column])
      );
    },

    /** The attribute of `uid`'s `field` when the field is kept in the entry's own row. */
    scalarAttribute(uid: string, field: string): SchemaAttribute | undefined {
      let byName = scalarAttributesOf.get(uid);
      if (!byName) {
        byName = new Map(columnAttributes(uid).map(({ name, attribute }) => [name, attribute]));
        scalarAttributesOf.set(uid, byName);
      }
      return byName.get(field);
    },

    /** A scalar value, as written or as read back, in one form per type whatever the database. */
    comparable,

    /** The scalar fields of the rows `ids` of `uid` but those in `skip`, by name, in comparable form. */
    async storedScalars(
      trx: Transaction,
      uid: string,
      ids: number[],
      skip: ReadonlySet<string> = new Set()
    ): Promise<Map<number, Row>> {
      const columns = columnAttributes(uid).filter(({ name }) => !skip.has(name));
      const stored = new Map<number, Row>();
      for (const chunk of chunksOf(ids)) {
        const rows = (await trx(layout.tableOf(uid))
          .select(['id', ...columns.map(({ column }) => column)])
          .whereIn('id', chunk)) as Row[];
        for (const row of rows)
          stored.set(
            Number(row.id),
            Object.fromEntries(
              columns.map(({ name, column, attribute }) => [
                name,
                comparable(attribute, row[column]),
              ])
            )
          );
      }
      return stored;
    },

    /** True when the model has a media field (kept by the upload plugin, not in the model's rows). */
    hasMedia: (uid: string): boolean =>
      Object.values(schemaOf(uid).attributes).some((attribute) => attribute.type === 'media'),

    componentFields(uid: string, given: (field: string) => boolean): ComponentField[] {
      const { attributes } = tablesOf(uid);
      return Object.entries(schemaOf(uid).attributes).flatMap(([field, attribute]) =>
        attribute.type === 'component' && attribute.component && given(field)
          ? [
              {
                field,
                component: attribute.component,
                repeatable: Boolean(attribute.repeatable),
                links: attributes[field].joinTable as JoinTable,
              },
            ]
          : []
      );
    },

    relationFields(uid: string, given: (field: string) => boolean): RelationField[] {
      const { attributes } = tablesOf(uid);
      return Object.entries(schemaOf(uid).attributes).flatMap(([field, attribute]) => {
        if (attribute.type !== 'relation' || !attribute.target || !given(field)) return [];
        const links = attributes[field].joinTable;
        if (!links)
          throw new Error(
            `the sync's bulk writes handle relations kept in link tables only (${field})`
          );
        return [{ field, target: attribute.target, links }];
      });
    },

    /** The value of a component as a list, whether the field is repeatable or not. */
    componentValues: ({ repeatable }: ComponentField, value: unknown): Row[] =>
      repeatable ? ((value as Row[] | null | undefined) ?? []) : value ? [value as Row] : [],

    /** The `_cmps` row linking an entry to the component at `position` of one of its fields. */
    componentLink(
      { field, component, repeatable, links }: ComponentField,
      entryId: number,
      componentId: number,
      position: number
    ): Row {
      return {
        [links.joinColumn.name]: entryId,
        [links.inverseJoinColumn.name]: componentId,
        [COMPONENT_FIELD_COLUMN]: field,
        [COMPONENT_TYPE_COLUMN]: component,
        ...(links.orderColumnName
          ? { [links.orderColumnName]: repeatable ? position + 1 : null }
          : {}),
      };
    },

    /** Inserts rows and returns their ids, in order. */
    async insertRows(trx: Transaction, table: string, rows: Row[]): Promise<number[]> {
      const ids: number[] = [];
      if (!returnsIds) {
        // Without RETURNING (MySQL, MariaDB) only a one-row insert tells its id for certain.
        for (const row of rows) ids.push(Number((await trx(table).insert(row))[0]));
        return ids;
      }
      for (const chunk of chunksOf(rows)) {
        const inserted = await trx(table).insert(chunk).returning('id');
        ids.push(
          ...inserted.map((entry: { id: number } | number) =>
            Number(typeof entry === 'object' ? entry.id : entry)
          )
        );
      }
      return ids;
    },

    /** Inserts rows whose ids nobody needs: link rows. */
    async insertLinks(trx: Transaction, table: string, rows: Row[]): Promise<void> {
      for (const chunk of chunksOf(rows)) await trx(table).insert(chunk);
    },

    updateRows,

    async deleteRows(trx: Transaction, table: string, ids: number[]): Promise<void> {
      for (const chunk of chunksOf(ids)) await trx(table).whereIn('id', chunk).delete();
    },

    /** Rows of `table` by id. */
    async rowsById(trx: Transaction, table: string, ids: number[]): Promise<Map<number, Row>> {
      const rows = new Map<number, Row>();
      for (const chunk of chunksOf(ids)) {
        for (const row of await trx(table).select('*').whereIn('id', chunk))
          rows.set(Number(row.id), row);
      }
      return rows;
    },

    /** Row ids of the given documents of `uid`. */
    async rowIdsOf(
      trx: Transaction,
      uid: string,
      documentIds: string[]
    ): Promise<Map<string, number>> {
      const ids = new Map<string, number>();
      for (const chunk of chunksOf(documentIds)) {
        const rows = await trx(tablesOf(uid).tableName)
          .select('id', 'document_id')
          .whereIn('document_id', chunk);
        for (const row of rows) ids.set(row.document_id, Number(row.id));
      }
      return ids;
    },

    /** The component links of the entries, by entry and field, in the order Strapi reads them. */
    async componentLinksOf(
      trx: Transaction,
      links: JoinTable,
      entryIds: number[]
    ): Promise<Map<number, Map<string, ComponentLink[]>>> {
      const { joinColumn, inverseJoinColumn, orderColumnName } = links;
      const byEntry = new Map<number, Map<string, ComponentLink[]>>();
      for (const chunk of chunksOf(entryIds)) {
        const query = trx(links.name).select('*').whereIn(joinColumn.name, chunk);
        if (orderColumnName) query.orderBy(orderColumnName, 'asc');
        for (const row of await query.orderBy('id', 'asc')) {
          const entryId = Number(row[joinColumn.name]);
          const fields = byEntry.get(entryId) ?? new Map<string, ComponentLink[]>();
          byEntry.set(entryId, fields);
          const field = row[COMPONENT_FIELD_COLUMN] as string;
          const order =
            orderColumnName && row[orderColumnName] !== null ? Number(row[orderColumnName]) : null;
          fields.set(field, [
            ...(fields.get(field) ?? []),
            { linkId: Number(row.id), componentId: Number(row[inverseJoinColumn.name]), order },
          ]);
        }
      }
      return byEntry;
    },

    /** The links of the entries in a relation's link table, with their targets' document ids. */
    async relationLinksOf(
      trx: Transaction,
      { links, target }: RelationField,
      entryIds: number[]
    ): Promise<RelationLink[]> {
      const found: RelationLink[] = [];
      for (const chunk of chunksOf(entryIds)) {
        const rows = await trx(`${links.name} as link`)
          .join(
            `${tablesOf(target).tableName} as target`,
            'target.id',
            `link.${links.inverseJoinColumn.name}`
          )
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
    },

    /**
     * Link rows from each entry to its targets: `order` in the entry's own list, and the next
     * position at the end of each target's list of entries (e.g. an organisation's events).
     */
    async relationLinks(
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
    },

    /** Numbers each target's list of entries 1, 2, 3 … again after links left it, as Strapi does. */
    async closeGaps(trx: Transaction, links: JoinTable, targetIds: number[]): Promise<void> {
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
    },

    /**
     * Sends Strapi's `eventName` (`entry.create`, `entry.update`) for each entry, populated and
     * sanitised as the document service sends it after its transaction commits, so that Strapi
     * webhooks hear of them. One read for them all.
     */
    async announce(eventName: string, uid: string, ids: number[]): Promise<void> {
      if (ids.length === 0) return;
      const model = schemaOf(uid);
      const populate = Object.fromEntries(
        Object.entries(model.attributes)
          .filter(
            ([name, attribute]) =>
              (attribute.type === 'component' || attribute.type === 'relation') &&
              name !== 'localizations'
          )
          .map(([name]) => [name, true])
      );
      const entries = await strapi.db
        .query(uid as never)
        .findMany({ where: { id: { $in: ids } }, populate });
      for (const entry of entries) {
        const sanitized = await sanitize.sanitizers.defaultSanitizeOutput(
          {
            schema: model as never,
            getModel: (target: string) => strapi.getModel(target as never) as never,
          },
          entry
        );
        await strapi.eventHub.emit(eventName, {
          model: model.modelName,
          uid: model.uid,
          entry: sanitized,
        });
      }
    },
  };

  return {
    ...layout,

    /**
     * Links each entry to the documents it names in a relation (`{ set: [documentId] }`), at the
     * end of each target's list of entries.
     */
    async linkEntries(
      trx: Transaction,
      relation: RelationField,
      entries: Array<{ entryId: number; documentIds: string[] }>
    ): Promise<void> {
      const wanted = [...new Set(entries.flatMap(({ documentIds }) => documentIds))];
      const targetIds = await layout.rowIdsOf(trx, relation.target, wanted);
      const targetsOfEntries = entries.map(({ entryId, documentIds }) => ({
        entryId,
        targetIds: documentIds.map((documentId) => {
          const targetId = targetIds.get(documentId);
          if (targetId === undefined) {
            throw new Error(
              `${relation.field}: no ${relation.target} with document id ${documentId}`
            );
          }
          return targetId;
        }),
      }));
      const links = await layout.relationLinks(trx, relation.links, targetsOfEntries);
      await layout.insertLinks(trx, relation.links.name, links);
    },
  };

  /**
   * Writes each row's columns onto the existing row of the same `id`: many rows with different
   * values in one statement per column set, on every database (an upsert that always conflicts).
   */
  async function updateRows(
    trx: Transaction,
    table: string,
    rows: Array<Row & { id: number }>
  ): Promise<void> {
    const byColumns = new Map<string, Row[]>();
    for (const row of rows) {
      const columns = Object.keys(row).sort().join(',');
      byColumns.set(columns, [...(byColumns.get(columns) ?? []), row]);
    }
    for (const [columns, group] of byColumns) {
      const merged = columns.split(',').filter((column) => column !== 'id');
      if (merged.length === 0) continue;
      for (const chunk of chunksOf(group))
        await trx(table).insert(chunk).onConflict('id').merge(merged);
    }
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
}

export type TableLayout = ReturnType<typeof createTableLayout>;
