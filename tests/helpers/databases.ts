import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { databaseServers } = require('../../scripts/lib/database-servers.js') as {
  databaseServers(): Record<'postgres' | 'mysql', DatabaseServer>;
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

/** Creates an empty database `stager_test_<hex>` on the server, connecting to `test` as admin. */
export async function createDatabase(client: ServerClient): Promise<TestDatabase> {
  const name = `stager_test_${randomBytes(6).toString('hex')}`;
  await admin(client, `CREATE DATABASE ${name}`);
  let dropped = false;
  const server = SERVERS[client];
  return {
    env: {
      DATABASE_CLIENT: client,
      DATABASE_HOST: server.host,
      DATABASE_PORT: String(server.port),
      DATABASE_NAME: name,
      DATABASE_USERNAME: server.user,
      DATABASE_PASSWORD: server.password,
    },
    async drop() {
      if (dropped) return;
      // FORCE ends connections a failed test may have left open (PostgreSQL 13+).
      await admin(
        client,
        client === 'postgres'
          ? `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`
          : `DROP DATABASE IF EXISTS ${name}`
      );
      dropped = true;
    },
  };
}

/** Runs one statement on the server's `test` database over a short-lived connection. */
async function admin(client: ServerClient, sql: string) {
  const { host, port, user, password } = SERVERS[client];
  const connection = await connect(client, { host, port, user, password, database: 'test' });
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}

interface AdminConnection {
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}

async function connect(client: ServerClient, config: object): Promise<AdminConnection> {
  if (client === 'mysql') return createConnection(config);
  // pg ships no types of its own, and the project adds no @types packages.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('pg') as {
    Client: new (config: object) => AdminConnection & { connect(): Promise<void> };
  };
  const connection = new Client(config);
  await connection.connect();
  return connection;
}
