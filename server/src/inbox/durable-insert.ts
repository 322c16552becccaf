import type { Core } from '@strapi/strapi';
import { createTableLayout, newDocumentId, type Row } from '../store/table-layout';

// SQLite's `PRAGMA synchronous` levels: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
const FULL = 2;

/**
 * Creates an entry of `uid` so that it is on disk when the promise resolves, whatever the site's
 * SQLite settings, and resolves with its id. A site may run SQLite with write-ahead logging at
 * `synchronous = NORMAL`, which commits without a disk sync: safe if the process crashes, not if
 * the machine does. The webhook answers 202 only for a message it cannot lose, so there its inbox
 * row is committed at `FULL`, which syncs the log and everything committed before it, on the
 * site's single connection, held from the pragma to its reset. Other databases, and SQLite at `FULL`
 * already, create the entry as Strapi does.
 */
export function createDurableInsert(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  const layout = createTableLayout(strapi);
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

  async function insertAtFull(uid: string, data: Row, level: number): Promise<number> {
    const now = new Date();
    const row = {
      ...layout.rowOf(uid, data, { withDefaults: true }),
      document_id: newDocumentId(),
      created_at: now,
      updated_at: now,
      published_at: now,
    };
    const connection = await knex.client.acquireConnection();
    try {
      await knex.raw('PRAGMA synchronous = FULL').connection(connection);
      try {
        const [inserted] = await knex(layout.tableOf(uid))
          .insert(row)
          .returning('id')
          .connection(connection);
        return Number(typeof inserted === 'object' ? inserted.id : inserted);
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
    const entry = await strapi.db.query(uid as never).create({ data, select: ['id'] });
    return entry.id as number;
  };
}
