import { databaseClient } from '../helpers/databases';
import { postSigned } from '../helpers/http';
import { settledRow } from '../helpers/inbox';
import { startSite, type TestSite } from '../helpers/site';
import { buildUpdateEvents } from '../../scripts/samples.mjs';

/**
 * The playground runs SQLite with write-ahead logging at `synchronous = NORMAL`, whose commits are
 * not synced to disk. The webhook's inbox row must be, before the 202.
 */
let site: TestSite;

beforeAll(async () => {
  site = await startSite();
});

afterAll(async () => {
  await site?.stop();
});

const knex = () =>
  site.strapi.db.connection as unknown as {
    on(event: 'query', listener: (query: { sql: string }) => void): void;
    off(event: 'query', listener: (query: { sql: string }) => void): void;
    raw(sql: string): Promise<Array<Record<string, unknown>>>;
  };

it('writes the inbox row as Strapi writes an entry, committed with a disk sync on SQLite whatever the site’s level', async () => {
  const statements: string[] = [];
  const listener = ({ sql }: { sql: string }) => statements.push(sql);
  knex().on('query', listener);
  let answer;
  try {
    answer = await postSigned(site.webhookUrl, buildUpdateEvents(), site.token);
  } finally {
    knex().off('query', listener);
  }
  expect(answer.status).toBe(202);
  const id = answer.json.data.id as number;

  // Every column Strapi fills on create, and the defaults of the schema.
  const row = await settledRow(site.strapi, id);
  expect(row).toMatchObject({
    documentId: expect.stringMatching(/^[a-z][a-z0-9]{23}$/),
    messageType: 'UPDATE_EVENTS',
    status: 'processed',
    replays: 0,
  });
  expect(row.createdAt).toBeTruthy();
  expect(row.publishedAt).toBeTruthy();

  const insert = statements.findIndex((sql) => /^insert into \S*stager_inbox_messages/.test(sql));
  expect(insert).toBeGreaterThanOrEqual(0);
  if (databaseClient() === 'sqlite') {
    // The playground's own level, NORMAL (1), around a commit at FULL on the connection held throughout.
    expect(statements.slice(insert - 1, insert + 2)).toEqual([
      'PRAGMA synchronous = FULL',
      expect.stringMatching(/^insert into/),
      'PRAGMA synchronous = 1',
    ]);
    expect(await knex().raw('PRAGMA synchronous')).toEqual([{ synchronous: 1 }]);
  } else {
    expect(statements.some((sql) => sql.startsWith('PRAGMA'))).toBe(false);
  }
});
