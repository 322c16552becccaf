import type { Core } from '@strapi/strapi';
import { createTableLayout, newDocumentId, type Row } from '../store/table-layout';

// SQLite's `PRAGMA synchronous` levels: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
const FULL = 2;

/**
 * Creates an entry of `uid` so that it is on disk when the promise resolves, whatever the site's
 * SQLite settings, and resolves with its id. The row is written in one INSERT, as Strapi lays it
 * out: Strapi's `create` would read the entry back and run the lifecycles, which nothing needs for
 * the plugin's own hidden types, and which cost the webhook a round trip per message.
 *
 * A site may run SQLite with write-ahead logging at `synchronous = NORMAL`, which commits without a
 * disk sync: safe if the process crashes, not if the machine does. The webhook answers 202 only
 * for a message it cannot lose, so there its inbox row is committed at `FULL`, which syncs the log
 * and everything committed before it, on the site's single connection, held from the pragma to its
 * reset.
 */
export function createDurableInsert(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  const layout = createTableLayout(strapi);
  const returnsId = strapi.db.dialect.useReturning();
  let siteLevel: Promise<number> | undefined;
  // Read once; a failed read is tried again with the next message.
  const levelOfSite = () =>
    (siteLevel ??= knex
      .raw('PRAGMA synchronous')
      .then((rows: Array<{ synchronous: number }>) => Number(rows[0].synchronous))
      .catch((error: unknown) => {
        siteLevel = undefined;
        throw error;
      }));

  async function insert(uid: string, data: Row, connection?: unknown): Promise<number> {
    const now = new Date();
    const row = {
      ...layout.rowOf(uid, data, { withDefaults: true }),
      document_id: newDocumentId(),
      created_at: now,
      updated_at: now,
      published_at: now,
    };
    const statement = knex(layout.tableOf(uid)).insert(row);
    if (connection) statement.connection(connection);
    // Without RETURNING (MySQL, MariaDB), a one-row insert answers with its id.
    const [inserted] = returnsId ? await statement.returning('id') : await statement;
    return Number(typeof inserted === 'object' ? inserted.id : inserted);
  }

  async function insertAtFull(uid: string, data: Row, level: number): Promise<number> {
    const connection = await knex.client.acquireConnection();
    try {
      await knex.raw('PRAGMA synchronous = FULL').connection(connection);
      try {
        return await insert(uid, data, connection);
      } finally {
        await knex.raw(`PRAGMA synchronous = ${level}`).connection(connection);
      }
    } finally {
      await knex.client.releaseConnection(connection);
    }
  }

  return async function create(uid: string, data: Row): Promise<number> {
    if (strapi.db.dialect.client === 'sqlite') {
      const level = await levelOfSite();
      if (level < FULL) return insertAtFull(uid, data, level);
    }
    return insert(uid, data);
  };
}
