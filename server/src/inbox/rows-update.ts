import type { Core } from '@strapi/strapi';

/** One row's new values, by attribute. */
export interface RowChange {
  id: number;
  values: Record<string, unknown>;
}

/** As Strapi writes them: a JSON attribute as its text, a time as a `Date`. */
const toColumnValue = (value: unknown) =>
  value !== null && typeof value === 'object' && !(value instanceof Date)
    ? JSON.stringify(value)
    : value;

/**
 * Sets `attributes` of several rows of `uid` in one UPDATE: each column takes its row's value by
 * id, in a CASE whose ELSE keeps the column's own value, which also tells PostgreSQL the values'
 * type. A row that no longer exists is left out, as an UPDATE by id would leave it; the upsert of
 * `updateRows` (`store/table-layout/rows.ts`) would create it again.
 */
export function createRowsUpdate(strapi: Core.Strapi, uid: string, attributes: readonly string[]) {
  return async (changes: readonly RowChange[]): Promise<void> => {
    const { tableName, attributes: columns } = strapi.db.metadata.get(uid);
    const bindings: unknown[] = [tableName];
    const whens = changes.map(() => 'WHEN ? THEN ?').join(' ');
    const assignments = attributes.map((attribute) => {
      const column = (columns[attribute] as { columnName: string }).columnName;
      bindings.push(column, 'id');
      for (const { id, values } of changes) bindings.push(id, toColumnValue(values[attribute]));
      bindings.push(column);
      return `?? = CASE ?? ${whens} ELSE ?? END`;
    });
    bindings.push('id', ...changes.map(({ id }) => id));
    const ids = changes.map(() => '?').join(', ');
    await strapi.db.connection.raw(
      `UPDATE ?? SET ${assignments.join(', ')} WHERE ?? IN (${ids})`,
      bindings
    );
  };
}
