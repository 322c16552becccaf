import type { Core } from '@strapi/strapi';
import type { BatchLimits } from '../../sync/apply-items';
import type { WritePolicy } from '../../fields/field-authority';
import { createBulkInserter } from '../bulk-insert';
import { createBulkUpdater } from '../bulk-update';
import { createChangeRecorder } from '../change-record';
import type { EntityType } from '../entity-types';
import { createSyncGuard, type SyncMarker } from '../sync-guard';
import { createTableLayout } from '../table-layout';
import { createLocaleRows } from '../locale-rows';
import type { SiteLocales } from '../../i18n/site-locales';
import type { Transaction } from '../transaction';
import type { EntityStoreContext } from './context';
import { documentIdOf, upcomingEventIds } from './entry-lookup';
import { prepare, type EntityKey } from './prepare';
import { remove, upsert } from './messages';
import { createTransactionRunner } from './transactions';

export type { RunInTransaction } from './transactions';
export type { EntityKey } from './prepare';

/**
 * Writes organisations, locations and events. New events, which a full sync brings by the
 * thousand, and changes to existing entries, which every message brings, are written together when
 * their transaction ends, in a few statements per table (see `bulk-insert.ts` and `bulk-update.ts`),
 * laid out as Strapi lays them out. Only the fields given are written; every other field of an
 * entry stays as editors left it. With locales (`i18n.enabled`), each entry's rows in every locale
 * are written in the same statements (see `locale-rows.ts`). A content type that a site gave drafts,
 * or locales of its own, is written through Strapi's document service instead.
 */
export function createEntityStore(
  strapi: Core.Strapi,
  policy: WritePolicy,
  locales: SiteLocales,
  recordChanges: () => boolean = () => true
) {
  const layout = createTableLayout(strapi);
  const context: EntityStoreContext = {
    strapi,
    policy,
    recordChanges,
    guard: createSyncGuard(strapi),
    layout,
    inserter: createBulkInserter(strapi, layout),
    updater: createBulkUpdater(strapi, layout),
    recorder: createChangeRecorder(layout),
    localeRows: createLocaleRows(layout, locales),
    pendingWrites: new WeakMap(),
    rowsFound: new WeakMap(),
  };

  /**
   * Identical items (a nightly re-sync) go 100 to a transaction. On SQLite the worker's
   * transaction holds the site's single connection, which the webhook's inbox writes wait for:
   * there a batch is committed after 50 ms, elsewhere after 250 ms.
   */
  const batchLimits: BatchLimits = {
    maxItems: 100,
    maxMs: strapi.db.dialect.client === 'sqlite' ? 50 : 250,
  };

  return {
    transaction: createTransactionRunner(context, batchLimits.maxMs),
    batchLimits,
    documentIdOf: (trx: Transaction, type: EntityType, stagerId: string) =>
      documentIdOf(context, trx, type, stagerId),
    /**
     * Locks the states of `entities` (in the order given) and looks up their stored rows ahead of
     * the writes that concern them (see `prepare.ts`): an item's organisation, location and event,
     * which one at a time would take a statement each.
     */
    prepare: (trx: Transaction, entities: readonly EntityKey[]) => prepare(context, trx, entities),
    recordSync: (trx: Transaction, organizationId: string, marker: SyncMarker) =>
      context.guard.recordSync(trx, organizationId, marker),
    latestSync: (trx: Transaction, organizationId: string) =>
      context.guard.latestSync(trx, organizationId),
    /** Writes a message's content of an entity, in receipt order; `hash` is the digest of `data`. */
    upsert: (
      trx: Transaction,
      type: EntityType,
      stagerId: string,
      sequence: number,
      hash: string,
      data: object
    ) => upsert(context, trx, type, stagerId, sequence, hash, data),

    /** Soft removal: the entry leaves the public API and keeps every field, editors' included. */
    remove: (
      trx: Transaction,
      type: EntityType,
      stagerId: string,
      sequence: number,
      removedAt: Date
    ) => remove(context, trx, type, stagerId, sequence, removedAt),

    /** Stager ids of an organisation's events starting at or after `from` that are not removed. */
    upcomingEventIds: (organizationId: string, from: Date) =>
      upcomingEventIds(context, organizationId, from),
  };
}

export type EntityStore = ReturnType<typeof createEntityStore>;
