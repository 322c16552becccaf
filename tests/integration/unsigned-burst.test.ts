import { createConnection } from 'node:net';
import { request } from '../helpers/http';
import { INBOX_UID } from '../helpers/inbox';
import { startSite, type TestSite } from '../helpers/site';
import { buildUpdateEvents, exampleEvent } from '../../scripts/samples.mjs';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startPrivateRedis } = require('../../scripts/lib/redis-server.js');

/** Requests that are not Stager's are turned away before they cost a query or a Redis command. */
let redis: { url: string; port: number; stop(): Promise<void> };
let site: TestSite;

beforeAll(async () => {
  redis = await startPrivateRedis();
  // No sweep during the test: the only database work left would be the requests'.
  site = await startSite({
    REDIS_URL: redis.url,
    STAGER_SWEEP_INTERVAL_MS: '600000',
    LOG_LEVEL: 'error',
  });
});

afterAll(async () => {
  await site?.stop();
  await redis?.stop();
});

/** Commands the private Redis has processed so far (the INFO reply's own command included). */
function redisCommandCount(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(redis.port, '127.0.0.1', () => socket.write('INFO stats\r\n'));
    let reply = '';
    socket.on('data', (data) => {
      reply += data.toString();
      const match = /total_commands_processed:(\d+)/.exec(reply);
      if (match) {
        socket.destroy();
        resolve(Number(match[1]));
      }
    });
    socket.on('error', reject);
  });
}

it('rejects 1,000 unsigned requests without a database query and without Redis', async () => {
  const body = Buffer.from(
    JSON.stringify(buildUpdateEvents({ events: [exampleEvent({ id: 'ev-unsigned' })] }))
  );
  const queries: string[] = [];
  const countQuery = (query: { sql: string }) => {
    queries.push(query.sql);
  };
  // The sweep the queue's first connection sets off is over within this.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  site.strapi.db.connection.on('query', countQuery);
  const commandsBefore = await redisCommandCount();
  try {
    for (let wave = 0; wave < 100; wave += 1) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          request(site.webhookUrl, {
            body,
            headers: {
              'content-type': 'application/json',
              ...(i % 2 ? { 'x-signature': 'f'.repeat(64) } : {}),
            },
          })
        )
      );
      for (const answer of answers) expect(answer.status).toBe(401);
    }
  } finally {
    site.strapi.db.connection.off('query', countQuery);
  }
  const commandsDuringBurst = (await redisCommandCount()) - commandsBefore;

  // The only queries allowed are the admin settings' refresh, every 2 s whatever the traffic.
  expect(queries.filter((sql) => !sql.includes('strapi_core_store_settings'))).toEqual([]);
  expect(queries.length).toBeLessThan(5);
  // What Bull does on its own meanwhile (lock checks, blocking waits) is a handful, not one per request.
  expect(commandsDuringBurst).toBeLessThan(50);
  expect(await site.strapi.db.query(INBOX_UID).count()).toBe(0);
});
