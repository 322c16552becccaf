#!/usr/bin/env node
// `npm test`: builds the plugin and the playground, finds or starts Redis, runs every Jest test.
// Arguments are passed to Jest (e.g. `npm test -- tests/unit`).
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildPluginAndPlayground } from './lib/prepare.mjs';
import { onShutdown, run } from './lib/run.mjs';

const { ensureRedis } = createRequire(import.meta.url)('./lib/redis-server.js');

let redis;
try {
  redis = await ensureRedis();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
const cleanup = onShutdown(() => redis.stop());
if (redis.private) console.log(`Using a private Redis at ${redis.url} for this run.`);

await buildPluginAndPlayground();
mkdirSync('.tmp', { recursive: true });
const resultsFile = '.tmp/jest-results.json';
const code = await run('npx', ['jest', '--runInBand', '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)], {
  env: { ...process.env, REDIS_URL: redis.url },
});
await cleanup();
printTotals();
process.exit(code);

/** One closing line in the plain form CI reads: `tests: N passed, N failed, N skipped`. */
function printTotals() {
  try {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = JSON.parse(readFileSync(resultsFile, 'utf8'));
    console.log(`\ntests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped`);
  } catch {
    console.log('\ntests: no results (Jest did not finish)');
  }
}
