type Servers = Record<'postgres' | 'mysql', DatabaseServer>;
const { databaseServers, createDatabase: createServerDatabase } =
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../scripts/lib/database-servers.js') as {
    databaseServers(): Servers;
    createDatabase(client: keyof Servers, servers: Servers): Promise<TestDatabase>;
  };

interface DatabaseServer {
  host: string;
  port: number;
  user: string;
  password: string;
}

/**
 * The database servers the integration tests can run against besides SQLite, where
 * `TEST_POSTGRES_*` and `TEST_MYSQL_*` say (scripts/lib/database-servers.js). They keep their
 * state between runs, so each test site gets a database of its own, dropped when it stops.
 */
const SERVERS = databaseServers();

export type ServerClient = keyof typeof SERVERS;
export type DatabaseClient = 'sqlite' | ServerClient;

export interface TestDatabase {
  /** The `DATABASE_*` variables that point the playground at this database. */
  env: Record<string, string>;
  /** Drops the database; safe to call more than once. */
  drop(): Promise<void>;
}

/** The database the tests run against: `TEST_DATABASE`, `sqlite` by default. */
export function databaseClient(): DatabaseClient {
  const client = process.env.TEST_DATABASE || 'sqlite';
  if (client !== 'sqlite' && !(client in SERVERS)) {
    throw new Error(
      `TEST_DATABASE=${client} is not one of sqlite, ${Object.keys(SERVERS).join(', ')}`
    );
  }
  return client as DatabaseClient;
}

/** Creates an empty database `stager_test_<hex>` on the server, dropped by `drop()`. */
export function createDatabase(client: ServerClient): Promise<TestDatabase> {
  return createServerDatabase(client, SERVERS);
}
