#!/usr/bin/env node
// `npm run bench`: builds, finds or starts Redis, and runs the benchmarks in bench/ on each
// database of BENCH_DATABASES (default `sqlite,postgres`). Figures go to bench/results/.
import { createRequire } from 'node:module';
import { buildPluginAndPlayground } from './lib/prepare.mjs';
import { onShutdown, run } from './lib/run.mjs';

const { ensureRedis } = createRequire(import.meta.url)('./lib/redis-server.js');
const databases = (process.env.BENCH_DATABASES || 'sqlite,postgres').split(',').map((name) => name.trim()).filter(Boolean);

let redis;
try {
  redis = await ensureRedis();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
const cleanup = onShutdown(() => redis.stop());
await buildPluginAndPlayground();

let failed = false;
for (const database of databases) {
  console.log(`\n== Benchmarks on ${database} ==`);
  const code = await run('npx', ['jest', '--config', 'bench/jest.config.js', '--runInBand', ...process.argv.slice(2)], {
    env: { ...process.env, REDIS_URL: redis.url, TEST_DATABASE: database },
  });
  failed ||= code !== 0;
}
await cleanup();
process.exit(failed ? 1 : 0);
