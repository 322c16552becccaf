#!/usr/bin/env node
// `npm test`: builds the plugin and the playground (its admin too, for the browser tests), finds
// or starts Redis, then runs Jest once per database: every test on the first, the integration
// tests again on each other one. The databases are those `TEST_DATABASES` names (e.g.
// `sqlite,postgres,mysql`), each of them required; without it, SQLite and each database server
// that answers where `TEST_POSTGRES_HOST/PORT` and `TEST_MYSQL_HOST/PORT` say. Arguments are
// passed to Jest on every run (e.g. `npm test -- tests/integration/webhook.test.ts`).
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureChromium } from './lib/chromium.mjs';
import { buildPlaygroundAdmin, buildPluginAndPlayground } from './lib/prepare.mjs';
import { redisForThisRun } from './lib/redis.mjs';
import { run } from './lib/run.mjs';

const { DATABASES, answers, databaseServers } = createRequire(import.meta.url)(
  './lib/database-servers.js'
);

const databases = await databasesForThisRun(process.env.TEST_DATABASES);

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
// Every test on the first database; the integration tests again on the others, all at once unless
// TEST_STAGES_IN_TURN=1: each test site has a database and a Redis key prefix of its own, and
// their Jest processes spend most of their time waiting on the servers and on timers.
const [first, ...others] = databases;
if (first) report(first, await jestOn(first, { everything: true, output: 'inherit' }));
if (process.env.TEST_STAGES_IN_TURN === '1' || others.length < 2) {
  for (const database of others) report(database, await jestOn(database, { output: 'inherit' }));
} else {
  const stages = others.map((database) => {
    console.log(`\n== Jest on ${database}, at the same time as the other database(s) ==`);
    return jestOn(database, { output: 'file' }).then((stage) => {
      // Its output whole once it ends, not interleaved with the others'.
      console.log(`\n== Jest on ${database}: its output ==\n${stage.output}`);
      report(database, stage);
    });
  });
  await Promise.all(stages);
}
await redis.cleanup();
// One closing line in the plain form CI reads, summed over every run.
console.log(`\ntests: ${line(totals)}`);
process.exit(failed ? 1 : 0);

/**
 * The databases named in `TEST_DATABASES`, each required (the run stops at once, with a line per
 * missing server, when one does not answer); without it, SQLite and every server that answers,
 * with a line for each one skipped.
 */
async function databasesForThisRun(named) {
  const servers = databaseServers();
  const required = named !== undefined && named.trim() !== '';
  const wanted = required
    ? named
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean)
    : DATABASES;
  const unknown = wanted.filter((name) => !DATABASES.includes(name));
  if (unknown.length > 0) {
    console.error(`TEST_DATABASES names ${unknown.join(', ')}: not one of ${DATABASES.join(', ')}`);
    process.exit(1);
  }
  const chosen = [];
  let missing = false;
  for (const name of wanted) {
    const server = servers[name];
    if (!server || (await answers(server))) {
      chosen.push(name);
      continue;
    }
    const where = `${server.label} at ${server.host}:${server.port} is not answering`;
    if (required) {
      console.error(`${where}: TEST_DATABASES=${named} requires it`);
      missing = true;
    } else {
      console.log(`${where}: skipped; TEST_DATABASES=${DATABASES.join(',')} makes it required`);
    }
  }
  if (missing) process.exit(1);
  return chosen;
}

/**
 * Runs Jest on one database: the integration tests, or `everything` (unit, admin component and
 * browser tests too: the first two touch no database, and the browser tests see the same server
 * code as the integration tests). Its output goes to this process's, or to a file read back.
 */
async function jestOn(database, { everything = false, output }) {
  // Per process: two `npm test` in one checkout must not read each other's results.
  const resultsFile = `.tmp/jest-results-${process.pid}-${database}.json`;
  const outputFile = `.tmp/jest-output-${process.pid}-${database}.log`;
  const onlyIntegration = everything
    ? []
    : ['--testPathIgnorePatterns=/tests/(unit|admin|e2e)/', '--passWithNoTests'];
  if (output === 'inherit') console.log(`\n== Jest on ${database} ==`);
  const outputFd = output === 'file' ? openSync(outputFile, 'w') : null;
  const startedAt = Date.now();
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
      ...(outputFd === null ? {} : { stdio: ['ignore', outputFd, outputFd] }),
    }
  );
  const seconds = Math.round((Date.now() - startedAt) / 1000);
  const results = readResults(resultsFile);
  rmSync(resultsFile, { force: true });
  let text = '';
  if (outputFd !== null) {
    closeSync(outputFd);
    text = readFileSync(outputFile, 'utf8');
    rmSync(outputFile, { force: true });
  }
  return { code, seconds, results, output: text };
}

/** A stage's counts and its slowest files in one line each; its failure counts against the run. */
function report(database, { code, seconds, results }) {
  const counts = results && countsOf(results);
  failed ||= code !== 0 || !counts;
  if (counts) for (const key of Object.keys(totals)) totals[key] += counts[key];
  const broken = counts?.brokenFiles
    ? ` (and ${counts.brokenFiles} test file(s) that failed to run)`
    : '';
  console.log(
    `\n${database}: ${counts ? line(counts) + broken : 'no results (Jest did not finish)'} in ${seconds} s`
  );
  if (results) console.log(`${database}, slowest files: ${slowestFiles(results, 5)}`);
}

function slowestFiles(results, count) {
  return results.testResults
    .map((file) => ({
      name: path.relative(process.cwd(), file.name),
      seconds: (file.endTime - file.startTime) / 1000,
    }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, count)
    .map(({ name, seconds }) => `${name} ${seconds.toFixed(0)} s`)
    .join(', ');
}

function readResults(resultsFile) {
  try {
    return JSON.parse(readFileSync(resultsFile, 'utf8'));
  } catch {
    return null;
  }
}

function countsOf(results) {
  return {
    passed: results.numPassedTests,
    failed: results.numFailedTests,
    skipped: results.numPendingTests + results.numTodoTests,
    brokenFiles: results.numRuntimeErrorTestSuites,
  };
}

function line({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed, ${skipped} skipped`;
}
