import { ENTITY_UIDS, type EntityType } from '../entity-types';
import type { Transaction } from '../transaction';
import type { EntityStoreContext } from './context';
import { isPending } from './pending-writes';

type Lookup = Pick<EntityStoreContext, 'layout' | 'localeRows'>;

/** The entry's row, in the source locale where the type has locales. */
const rowOf = (
  { layout, localeRows }: Lookup,
  trx: Transaction,
  type: EntityType,
  stagerId: string
): Promise<{ id: number; document_id: string } | undefined> =>
  trx(layout.tableOf(ENTITY_UIDS[type]))
    .select('id', 'document_id')
    .where({ stager_id: stagerId, ...localeRows.sourceRow(ENTITY_UIDS[type]) })
    .first();

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
