'use strict';
// The database servers the tests can run on besides SQLite, and where they are: one contract read
// by `npm test` (scripts/test.mjs), the test helpers (tests/helpers/databases.ts) and the ingest
// benchmark. CommonJS so that both the .mjs scripts and the Jest tests can load it.
const { randomBytes } = require('node:crypto');
const net = require('node:net');

const DATABASES = ['sqlite', 'postgres', 'mysql'];

/** Each server from `TEST_POSTGRES_*` / `TEST_MYSQL_*`, the machine's usual servers by default. */
function databaseServers(env = process.env) {
  return {
    postgres: {
      label: 'PostgreSQL',
      host: env.TEST_POSTGRES_HOST || '127.0.0.1',
      port: Number(env.TEST_POSTGRES_PORT || 5432),
      user: env.TEST_POSTGRES_USER || 'postgres',
      password: env.TEST_POSTGRES_PASSWORD || '',
    },
    mysql: {
      label: 'MariaDB/MySQL',
      host: env.TEST_MYSQL_HOST || '127.0.0.1',
      port: Number(env.TEST_MYSQL_PORT || 3306),
      user: env.TEST_MYSQL_USER || 'root',
      password: env.TEST_MYSQL_PASSWORD || '',
    },
  };
}

/** True when something accepts a TCP connection at the server's address within `timeoutMs`. */
function answers({ host, port }, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (answer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => done(true));
  });
}

/**
 * Creates an empty database `stager_test_<hex>` on the server (they keep their state between
 * runs, so each site gets one of its own), connecting to its `test` database as admin. Returns the
 * `DATABASE_*` variables that point the playground at it, and `drop()`, safe to call twice.
 */
async function createDatabase(client, servers = databaseServers()) {
  const server = servers[client];
  const name = `stager_test_${randomBytes(6).toString('hex')}`;
  await runAsAdmin(client, server, `CREATE DATABASE ${name}`);
  let dropped = false;
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
      const force = client === 'postgres' ? ' WITH (FORCE)' : '';
      await runAsAdmin(client, server, `DROP DATABASE IF EXISTS ${name}${force}`);
      dropped = true;
    },
  };
}

/** Runs one statement on the server's `test` database over a short-lived connection. */
async function runAsAdmin(client, { host, port, user, password }, sql) {
  const config = { host, port, user, password, database: 'test' };
  let connection;
  if (client === 'mysql') {
    connection = await require('mysql2/promise').createConnection(config);
  } else {
    const { Client } = require('pg');
    connection = new Client(config);
    await connection.connect();
  }
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}

module.exports = { DATABASES, databaseServers, answers, createDatabase };
