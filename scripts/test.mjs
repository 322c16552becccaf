#!/usr/bin/env node
// `npm test`: builds the plugin and the playground (its admin too, for the browser tests), finds
// or starts Redis, then runs Jest once per database in `TEST_DATABASES` (default
// `sqlite,postgres,mysql`): every test on the first, the
// integration tests again on each other one. Arguments are passed to Jest on every run
// (e.g. `npm test -- tests/integration/webhook.test.ts`).
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureChromium } from './lib/chromium.mjs';
import { buildPlaygroundAdmin, buildPluginAndPlayground } from './lib/prepare.mjs';
import { redisForThisRun } from './lib/redis.mjs';
import { run } from './lib/run.mjs';

const databases = (process.env.TEST_DATABASES || 'sqlite,postgres,mysql')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);

// The browser tests need Chromium and the playground's admin built; a run limited to other paths
// needs neither.
const jestPaths = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const runsBrowserTests = jestPaths.length === 0 || jestPaths.some((arg) => arg.includes('e2e'));
if (runsBrowserTests) ensureChromium();

const redis = await redisForThisRun();

await buildPluginAndPlayground();
if (runsBrowserTests) await buildPlaygroundAdmin();
mkdirSync('.tmp', { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
let failed = false;
for (const [index, database] of databases.entries()) {
  // Per process: two `npm test` in one checkout must not read each other's results.
  const resultsFile = `.tmp/jest-results-${process.pid}-${database}.json`;
  // The unit, admin component and browser tests run once, with the first database: the first two
  // touch none, and the browser tests see the same server code as the integration tests.
  const onlyIntegration =
    index > 0 ? ['--testPathIgnorePatterns=/tests/(unit|admin|e2e)/', '--passWithNoTests'] : [];
  console.log(`\n== Jest on ${database} ==`);
  const code = await run(
    'npx',
    [
      'jest',
      '--runInBand',
      '--json',
      `--outputFile=${resultsFile}`,
      ...onlyIntegration,
      ...process.argv.slice(2),
    ],
    {
      env: { ...process.env, REDIS_URL: redis.url, TEST_DATABASE: database },
    }
  );
  const counts = readCounts(resultsFile);
  rmSync(resultsFile, { force: true });
  failed ||= code !== 0 || !counts;
  if (counts) for (const key of Object.keys(totals)) totals[key] += counts[key];
  const broken = counts?.brokenFiles
    ? ` (and ${counts.brokenFiles} test file(s) that failed to run)`
    : '';
  console.log(
    `\n${database}: ${counts ? line(counts) + broken : 'no results (Jest did not finish)'}`
  );
}
await redis.cleanup();
// One closing line in the plain form CI reads, summed over every run.
console.log(`\ntests: ${line(totals)}`);
process.exit(failed ? 1 : 0);

function readCounts(resultsFile) {
  try {
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    return {
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      brokenFiles: results.numRuntimeErrorTestSuites,
    };
  } catch {
    return null;
  }
}

function line({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed, ${skipped} skipped`;
}
