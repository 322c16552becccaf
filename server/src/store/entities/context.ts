import type { Core } from '@strapi/strapi';
import type { WritePolicy } from '../../fields/field-authority';
import type { BulkInserter } from '../bulk-insert';
import type { BulkUpdater } from '../bulk-update';
import type { ChangeRecorder } from '../change-record';
import type { LocaleRows } from '../locale-rows';
import type { SyncGuard } from '../sync-guard';
import type { TableLayout } from '../table-layout';
import type { Transaction } from '../transaction';
import type { RowsFound } from './entry-lookup';
import type { PendingWrites } from './pending-writes';

/** What the parts of the entity store share: its site, its policy, its writers, its open writes. */
export interface EntityStoreContext {
  strapi: Core.Strapi;
  policy: WritePolicy;
  /** False while the site keeps no change record. */
  recordChanges: () => boolean;
  guard: SyncGuard;
  layout: TableLayout;
  inserter: BulkInserter;
  updater: BulkUpdater;
  recorder: ChangeRecorder;
  /** The rows of each entry in the site's locales, where the synced types have locales. */
  localeRows: LocaleRows;
  /** The writes each open transaction's work left pending. */
  pendingWrites: WeakMap<Transaction, PendingWrites>;
  /** The rows of stored entries each open transaction looked up. */
  rowsFound: RowsFound;
}
