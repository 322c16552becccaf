#!/usr/bin/env node
// `npm run bench`: builds, finds or starts Redis, and runs the benchmarks in bench/ on each
// database of BENCH_DATABASES (default `sqlite,postgres`). Figures go to bench/results/.
import { buildPluginAndPlayground } from './lib/prepare.mjs';
import { redisForThisRun } from './lib/redis.mjs';
import { run } from './lib/run.mjs';
const databases = (process.env.BENCH_DATABASES || 'sqlite,postgres').split(',').map((name) => name.trim()).filter(Boolean);

const redis = await redisForThisRun();
await buildPluginAndPlayground();

let failed = false;
for (const database of databases) {
  console.log(`\n== Benchmarks on ${database} ==`);
  const code = await run('npx', ['jest', '--config', 'bench/jest.config.js', '--runInBand', ...process.argv.slice(2)], {
    env: { ...process.env, REDIS_URL: redis.url, TEST_DATABASE: database },
  });
  failed ||= code !== 0;
}
await redis.cleanup();
process.exit(failed ? 1 : 0);
