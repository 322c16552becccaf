import type { Transaction } from '../transaction';
import type { Row } from './types';

const ROWS_PER_STATEMENT = 200;

/** The items in runs of as many as one statement takes. */
export const chunksOf = <T>(items: T[]): T[][] => {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += ROWS_PER_STATEMENT)
    chunks.push(items.slice(start, start + ROWS_PER_STATEMENT));
  return chunks;
};

/**
 * Inserts rows and returns their ids, in order. `returnsIds` tells whether the database answers an
 * insert with the ids (RETURNING).
 */
export async function insertRows(
  trx: Transaction,
  table: string,
  rows: Row[],
  returnsIds: boolean
): Promise<number[]> {
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
}

/** Inserts rows whose ids nobody needs: link rows. */
export async function insertLinks(trx: Transaction, table: string, rows: Row[]): Promise<void> {
  for (const chunk of chunksOf(rows)) await trx(table).insert(chunk);
}

/**
 * Writes each row's columns onto the existing row of the same `id`: many rows with different
 * values in one statement per column set, on every database (an upsert that always conflicts).
 */
export async function updateRows(
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

export async function deleteRows(trx: Transaction, table: string, ids: number[]): Promise<void> {
  for (const chunk of chunksOf(ids)) await trx(table).whereIn('id', chunk).delete();
}

/** Rows of `table` by id. */
export async function rowsById(
  trx: Transaction,
  table: string,
  ids: number[]
): Promise<Map<number, Row>> {
  const rows = new Map<number, Row>();
  for (const chunk of chunksOf(ids)) {
    for (const row of await trx(table).select('*').whereIn('id', chunk))
      rows.set(Number(row.id), row);
  }
  return rows;
}

/** Row ids of the given documents, whose rows are in `table`; of their rows in `locale` if given. */
export async function rowIdsOf(
  trx: Transaction,
  table: string,
  documentIds: string[],
  locale?: string
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const chunk of chunksOf(documentIds)) {
    const query = trx(table).select('id', 'document_id').whereIn('document_id', chunk);
    if (locale) query.where('locale', locale);
    for (const row of await query) ids.set(row.document_id, Number(row.id));
  }
  return ids;
}
