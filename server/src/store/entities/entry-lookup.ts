import type { Core } from '@strapi/strapi';
import { ENTITY_UIDS, type EntityType } from '../entity-types';
import type { TableLayout } from '../table-layout';
import type { Transaction } from '../transaction';
import type { EntityStoreContext } from './context';
import { isPending } from './pending-writes';

const rowOf = (
  layout: TableLayout,
  trx: Transaction,
  type: EntityType,
  stagerId: string
): Promise<{ id: number; document_id: string } | undefined> =>
  trx(layout.tableOf(ENTITY_UIDS[type]))
    .select('id', 'document_id')
    .where({ stager_id: stagerId })
    .first();

/** The document id of the stored entry with `stagerId`; null when none is stored. */
export async function documentIdOf(
  layout: TableLayout,
  trx: Transaction,
  type: EntityType,
  stagerId: string
): Promise<string | null> {
  return (await rowOf(layout, trx, type, stagerId))?.document_id ?? null;
}

/** The row id of the stored entry with `stagerId`; null when none is stored. */
export async function rowIdOf(
  layout: TableLayout,
  trx: Transaction,
  type: EntityType,
  stagerId: string
): Promise<number | null> {
  const row = await rowOf(layout, trx, type, stagerId);
  return row ? Number(row.id) : null;
}

/** True when the entry is stored, or the transaction's pending writes create or change it. */
export const exists = async (
  { layout, pendingWrites }: EntityStoreContext,
  trx: Transaction,
  type: EntityType,
  stagerId: string
) =>
  isPending(pendingWrites.get(trx), type, stagerId) ||
  (await rowIdOf(layout, trx, type, stagerId)) !== null;

/** Stager ids of an organisation's events starting at or after `from` that are not removed. */
export async function upcomingEventIds(
  strapi: Core.Strapi,
  organizationId: string,
  from: Date
): Promise<string[]> {
  const events = await strapi.db.query(ENTITY_UIDS.event as never).findMany({
    where: {
      organization: { stagerId: organizationId },
      start: { $gte: from },
      removedAt: { $null: true },
    },
    select: ['stagerId'],
  });
  return events.map((event) => event.stagerId as string);
}
