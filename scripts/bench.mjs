#!/usr/bin/env node
// `npm run bench`: builds, finds or starts Redis, then runs
// - the ingest benchmark (bench/ingest/run.mjs: the plugin against a bare-Node baseline and a
//   hand-written Strapi route) on each database of BENCH_DATABASES,
// - the worker benchmarks in bench/*.bench.ts on each database of BENCH_DATABASES (default
//   `sqlite,postgres`), the calendar feed's among them,
// - with PostgreSQL among them, bench/cluster.bench.ts and bench/cluster-backlog.bench.ts: messages
//   applied per second by one worker instance and by two, with the CPU per message, the lock wait
//   and, after an outage of 20,000 messages, the worker's memory,
// and prints every target beside its figure (bench/report.mjs). Figures go to bench/results/.
// BENCH_SMOKE=1 runs it all at a size of seconds, to keep it working; CI runs that.
import { buildPluginAndPlayground } from './lib/prepare.mjs';
import { redisForThisRun } from './lib/redis.mjs';
import { run } from './lib/run.mjs';

const databases = (process.env.BENCH_DATABASES || 'sqlite,postgres')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const smokeSizes =
  process.env.BENCH_SMOKE === '1'
    ? {
        BENCH_SYNC_SIZES: '50',
        BENCH_LATENCY_SAMPLES: '3',
        BENCH_STREAM_MESSAGES: '20',
        BENCH_CLUSTER_SYNC_EVENTS: '25',
        BENCH_BACKLOG_MESSAGES: '40',
        BENCH_OUTAGE_MESSAGES: '0',
        BENCH_WARM_UP_MESSAGES: '20',
        BENCH_ROUNDS: '1',
        BENCH_MEDIA_EVENTS: '20',
        BENCH_CALENDAR_EVENTS: '50',
        BENCH_CALENDAR_SAMPLES: '3',
      }
    : {};

const redis = await redisForThisRun();
await buildPluginAndPlayground();
const env = { ...smokeSizes, ...process.env, REDIS_URL: redis.url };

let failed = false;
for (const database of databases) {
  console.log(`\n== Ingest on ${database}: plugin, bare-Node baseline, hand-written route ==`);
  const ingestEnv = { ...env, BENCH_INGEST_DATABASE: database };
  failed ||= (await run('node', ['bench/ingest/run.mjs'], { env: ingestEnv })) !== 0;
}
for (const database of databases) {
  console.log(`\n== Worker benchmarks on ${database} ==`);
  const code = await run(
    'npx',
    [
      'jest',
      '--config',
      'bench/jest.config.js',
      '--runInBand',
      '--testPathIgnorePatterns=cluster',
      ...process.argv.slice(2),
    ],
    {
      env: { ...env, TEST_DATABASE: database },
    }
  );
  failed ||= code !== 0;
}
if (databases.includes('postgres')) {
  console.log('\n== One worker instance against two, on postgres ==');
  const code = await run(
    'npx',
    ['jest', '--config', 'bench/jest.config.js', '--runInBand', 'bench/cluster'],
    {
      env: { ...env, TEST_DATABASE: 'postgres' },
    }
  );
  failed ||= code !== 0;
}
failed ||= (await run('node', ['bench/report.mjs'], { env })) !== 0;
await redis.cleanup();
process.exit(failed ? 1 : 0);
