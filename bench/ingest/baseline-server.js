'use strict';
// The bare-Node baseline: node:http, the HMAC of the raw bytes, and the same durable write and
// queue step as the plugin (a row with the gzip-compressed payload through knex, in SQLite with
// better-sqlite3 or in PostgreSQL with pg as DATABASE_CLIENT says, answered once committed, then a
// Bull job naming the row), nothing else. It refuses by header what it can (no or malformed
// signature, Content-Length over the limit).
const http = require('node:http');
const { createHmac, timingSafeEqual } = require('node:crypto');
const { promisify } = require('node:util');
const zlib = require('node:zlib');
const Bull = require('bull');
const knex = require('knex');

const gzip = promisify(zlib.gzip);
const token = process.env.STAGER_AUTH_TOKEN;
const maxBodySize = Number(process.env.MAX_BODY_SIZE || 50 * 1024 * 1024);
const HEX_SIGNATURE = /^[0-9a-fA-F]{64}$/;

const db = knex(
  process.env.DATABASE_CLIENT === 'postgres'
    ? {
        client: 'pg',
        connection: {
          host: process.env.DATABASE_HOST,
          port: Number(process.env.DATABASE_PORT),
          database: process.env.DATABASE_NAME,
          user: process.env.DATABASE_USERNAME,
          password: process.env.DATABASE_PASSWORD,
        },
        // The playground's pool on PostgreSQL.
        pool: { min: 0, max: 10 },
      }
    : {
        client: 'better-sqlite3',
        connection: { filename: process.env.DATABASE_FILENAME },
        useNullAsDefault: true,
      }
);
const queue = new Bull('messages', process.env.REDIS_URL, { prefix: process.env.QUEUE_PREFIX });

async function createInbox() {
  await db.schema.createTable('inbox', (table) => {
    table.increments('id');
    table.string('status');
    table.integer('size');
    table.text('payload');
    table.datetime('received_at');
    table.datetime('updated_at');
  });
}

function answer(res, status, close = false) {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    ...(close ? { Connection: 'close' } : {}),
  });
  res.end(JSON.stringify({ status }));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > maxBodySize) {
        req.pause();
        reject(Object.assign(new Error('body over the limit'), { status: 413 }));
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

async function receive(req, res) {
  const signature = req.headers['x-signature'];
  if (req.method !== 'POST' || typeof signature !== 'string' || !HEX_SIGNATURE.test(signature))
    return answer(res, 401);
  if (Number(req.headers['content-length'] || 0) > maxBodySize) return answer(res, 413, true);
  const body = await readBody(req);
  if (
    !timingSafeEqual(
      createHmac('sha256', token).update(body).digest(),
      Buffer.from(signature, 'hex')
    )
  )
    return answer(res, 401);
  const payload = (await gzip(body, { level: zlib.constants.Z_BEST_SPEED })).toString('base64');
  const now = new Date();
  const [row] = await db('inbox').insert(
    { status: 'received', size: body.length, payload, received_at: now, updated_at: now },
    ['id']
  );
  answer(res, 202);
  await queue.add(
    { inboxId: row.id },
    { jobId: `${row.id}:0`, attempts: 5, removeOnComplete: true }
  );
  await db('inbox')
    .where({ id: row.id, status: 'received' })
    .update({ status: 'queued', updated_at: new Date() });
}

async function main() {
  await createInbox();
  const server = http.createServer((req, res) =>
    receive(req, res).catch((error) => {
      if (!res.headersSent) answer(res, error.status ?? 503, true);
    })
  );
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.once('SIGTERM', () =>
    server.close(() => Promise.all([queue.close(), db.destroy()]).then(() => process.exit(0)))
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
