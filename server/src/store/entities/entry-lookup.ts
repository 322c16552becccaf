import { ENTITY_UIDS, type EntityType } from '../entity-types';
import { mapOf, type Transaction } from '../transaction';
import type { EntityStoreContext } from './context';
import { isPending } from './pending-writes';

type Lookup = Pick<EntityStoreContext, 'layout' | 'localeRows' | 'rowsFound'>;

interface EntryRow {
  id: number;
  document_id: string;
}

/**
 * The rows of entries each open transaction looked up, null where none was stored: a row keeps its
 * ids while the transaction runs, and an entry the transaction creates is forgotten (`forgetRow`).
 */
export type RowsFound = WeakMap<Transaction, Map<string, EntryRow | null>>;

const rowKey = (type: EntityType, stagerId: string) => `${type}:${stagerId}`;

const rowsFoundIn = ({ rowsFound }: Lookup, trx: Transaction) => mapOf(rowsFound, trx);

/** A select of the source-locale rows of `type` with one of `stagerIds`, each with its type. */
function rowsQuery(
  { layout, localeRows }: Lookup,
  trx: Transaction,
  type: EntityType,
  stagerIds: string[]
) {
  const uid = ENTITY_UIDS[type];
  return trx(layout.tableOf(uid))
    .select('id', 'document_id', 'stager_id', trx.raw(`'${type}' as entity_type`))
    .whereIn('stager_id', stagerIds)
    .where(localeRows.sourceRow(uid));
}

/**
 * Looks up the rows of the stored entries among `entries`, of any types, in one statement, for the
 * lookups of the transaction that follow.
 */
export async function lookUpRows(
  lookup: Lookup,
  trx: Transaction,
  entries: ReadonlyArray<readonly [EntityType, string]>
): Promise<void> {
  const found = rowsFoundIn(lookup, trx);
  const byType = new Map<EntityType, string[]>();
  for (const [type, stagerId] of entries) {
    if (found.has(rowKey(type, stagerId))) continue;
    found.set(rowKey(type, stagerId), null);
    byType.set(type, [...(byType.get(type) ?? []), stagerId]);
  }
  const [first, ...others] = [...byType].map(([type, ids]) => rowsQuery(lookup, trx, type, ids));
  if (!first) return;
  const rows = (await (others.length > 0 ? first.unionAll(others, false) : first)) as Array<
    EntryRow & { stager_id: string; entity_type: EntityType }
  >;
  for (const { id, document_id, stager_id, entity_type } of rows)
    found.set(rowKey(entity_type, stager_id), { id, document_id });
}

/** The entry's row, in the source locale where the type has locales. */
async function rowOf(
  lookup: Lookup,
  trx: Transaction,
  type: EntityType,
  stagerId: string
): Promise<EntryRow | undefined> {
  const found = rowsFoundIn(lookup, trx);
  if (!found.has(rowKey(type, stagerId))) await lookUpRows(lookup, trx, [[type, stagerId]]);
  return found.get(rowKey(type, stagerId)) ?? undefined;
}

/** Forgets what the transaction looked up of the entry, which it has just created. */
export function forgetRow(
  lookup: Lookup,
  trx: Transaction,
  type: EntityType,
  stagerId: string
): void {
  rowsFoundIn(lookup, trx).delete(rowKey(type, stagerId));
}

/** The document id of the stored entry with `stagerId`; null when none is stored. */
export async function documentIdOf(
  lookup: Lookup,
  trx: Transaction,
  type: EntityType,
  stagerId: string
): Promise<string | null> {
  return (await rowOf(lookup, trx, type, stagerId))?.document_id ?? null;
}

/** The row id of the stored entry with `stagerId`; null when none is stored. */
export async function rowIdOf(
  lookup: Lookup,
  trx: Transaction,
  type: EntityType,
  stagerId: string
): Promise<number | null> {
  const row = await rowOf(lookup, trx, type, stagerId);
  return row ? Number(row.id) : null;
}

/** True when the entry is stored, or the transaction's pending writes create or change it. */
export const exists = async (
  context: EntityStoreContext,
  trx: Transaction,
  type: EntityType,
  stagerId: string
) =>
  isPending(context.pendingWrites.get(trx), type, stagerId) ||
  (await rowIdOf(context, trx, type, stagerId)) !== null;

/** Stager ids of an organisation's events starting at or after `from` that are not removed. */
export async function upcomingEventIds(
  { strapi, localeRows }: EntityStoreContext,
  organizationId: string,
  from: Date
): Promise<string[]> {
  const events = await strapi.db.query(ENTITY_UIDS.event as never).findMany({
    where: {
      organization: { stagerId: organizationId },
      start: { $gte: from },
      removedAt: { $null: true },
      ...localeRows.sourceRow(ENTITY_UIDS.event),
    },
    select: ['stagerId'],
  });
  return events.map((event) => event.stagerId as string);
}
