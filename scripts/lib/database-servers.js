'use strict';
// The database servers the tests can run on besides SQLite, and where they are: one contract read
// by `npm test` (scripts/test.mjs) and by the test helpers (tests/helpers/databases.ts). CommonJS
// so that both the .mjs scripts and the Jest tests can load it.
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

module.exports = { DATABASES, databaseServers, answers };
