import type { Transaction } from '../transaction';
import { chunksOf } from './rows';
import type { ColumnAttribute, Row, SchemaAttribute } from './types';

/** JSON with its object keys sorted, so that two databases' renderings of one value compare equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Row).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A field's value as its column takes it. */
export function columnValue(attribute: SchemaAttribute, value: unknown): unknown {
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
export function comparable(attribute: SchemaAttribute, value: unknown): unknown {
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

/** The row of the fields in `data`, and with `withDefaults` the schema defaults of the others. */
export function rowOf(columns: ColumnAttribute[], data: Row, withDefaults: boolean): Row {
  const row: Row = {};
  for (const { name, column, attribute } of columns) {
    if (name in data) row[column] = columnValue(attribute, data[name]);
    else if (withDefaults && attribute.default !== undefined)
      row[column] = columnValue(attribute, attribute.default);
  }
  return row;
}

/** True when the stored row already holds what `row` (from `rowOf`) would write. */
export function holds(columns: ColumnAttribute[], stored: Row, row: Row): boolean {
  return columns.every(
    ({ column, attribute }) =>
      !(column in row) ||
      comparable(attribute, stored[column]) === comparable(attribute, row[column])
  );
}

/** The given columns of the rows `ids` of `table`, by field name, in comparable form. */
export async function storedScalars(
  trx: Transaction,
  table: string,
  columns: ColumnAttribute[],
  ids: number[]
): Promise<Map<number, Row>> {
  const stored = new Map<number, Row>();
  for (const chunk of chunksOf(ids)) {
    const rows = (await trx(table)
      .select(['id', ...columns.map(({ column }) => column)])
      .whereIn('id', chunk)) as Row[];
    for (const row of rows) {
      const fields = columns.map(({ name, column, attribute }) => [
        name,
        comparable(attribute, row[column]),
      ]);
      stored.set(Number(row.id), Object.fromEntries(fields));
    }
  }
  return stored;
}
