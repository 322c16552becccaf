import type { Core } from '@strapi/strapi';
import type { Transaction } from './sync-guard';

/**
 * MySQL and MariaDB default to REPEATABLE READ: a transaction that waited for an entity's lock would
 * still read the snapshot it took before the wait, miss the entry the other transaction just
 * created, and create it again. The plugin's transactions read committed data instead, as they do
 * on PostgreSQL. Strapi has already begun the transaction, and its isolation can only be set before
 * it begins: so the empty transaction is committed and a new one begun in its place, on the same
 * connection, which Strapi then commits or rolls back as its own.
 */
export function createIsolation(strapi: Core.Strapi) {
  const client = strapi.db.dialect.client as string;
  const needsReadCommitted = client === 'mysql' || client === 'mysql2';

  return {
    async beginReadCommitted(trx: Transaction): Promise<void> {
      if (!needsReadCommitted) return;
      await trx.raw('COMMIT');
      await trx.raw('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
      await trx.raw('START TRANSACTION');
    },
  };
}
