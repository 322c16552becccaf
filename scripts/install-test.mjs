#!/usr/bin/env node
// `npm run test:install`: installs the plugin into a fresh Strapi 5.54.0 site the way a user would
// and checks that a signed message becomes an event readable over REST. Steps: pack the plugin;
// create a TypeScript + SQLite site with create-strapi-app outside the repository; install the
// tarball; add the README's `config/plugins.ts` lines to the generated file; `strapi build`; the
// README's example as the whole `config/plugins.ts`; `strapi build`; `strapi start`; open the
// events to the Public role through the admin API, as the README tells a site developer to do in
// the admin panel; send UPDATE_EVENTS with the simulator; read the events back; then uninstall as
// docs/operators.md says and check that Strapi removed the plugin's tables and permissions at the
// next start.
// KEEP_INSTALL_SITE=1 keeps the site's folder for inspection.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  pluginsConfigEntry,
  pluginsConfigFile,
  storeCleanupStatement,
} from './lib/readme-snippets.mjs';
import { redisForThisRun } from './lib/redis.mjs';
import { sampleMessages } from './samples.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Uninstalling, step 3 of docs/operators.md: the plugin store's rows, which no plugin code removes.
const STORE_CLEANUP = storeCleanupStatement(
  await readFile(path.join(repo, 'docs/operators.md'), 'utf8')
);
const require = createRequire(import.meta.url);
const { freePort } = require('./lib/redis-server.js');
const STRAPI_VERSION = '5.54.0';
const TOKEN = `install-test-token-${process.pid}`;
const PREFIX = `stager-install-test-${process.pid}-${Date.now()}`;
const quietEnv = {
  ...process.env,
  STRAPI_TELEMETRY_DISABLED: 'true',
  npm_config_update_notifier: 'false',
};
delete quietEnv.npm_config_workspace;

const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const say = (line) => console.log(`[install-test ${seconds(started).padStart(7)}] ${line}`);

let workDir;
let site;
let strapi;
let redis;
let generatedPluginsConfig;
/** Commands under way (npm install, strapi build, …), stopped if the test is interrupted. */
const running = new Set();

// Registered before the Redis helper's own handlers, so the site is told to stop first.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    console.error(
      `\n[install-test] interrupted (${signal}): stopping the site and removing ${workDir ?? 'nothing'}`
    );
    cleanup().finally(() => process.exit(130));
  });
}

try {
  await main();
  say(`passed in ${seconds(started)}`);
  await cleanup();
  process.exit(0);
} catch (error) {
  console.error(`\n[install-test] FAILED: ${error.message}`);
  if (strapi?.logFile) await printTail(strapi.logFile);
  await cleanup();
  process.exit(1);
}

async function main() {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'stager-install-test-'));
  site = path.join(workDir, 'site');
  say(`working in ${workDir}`);

  const tarball = await step('npm pack (its prepack script builds the plugin)', () =>
    packPlugin(workDir)
  );
  await step('check what the tarball ships', () => checkTarball(tarball));
  await step(
    `create a Strapi ${STRAPI_VERSION} site (TypeScript, SQLite) with create-strapi-app`,
    () => createSite(site)
  );
  await step("add the README's lines to config/plugins.ts", () => enablePlugin(site));
  await step(`npm install ${path.basename(tarball)} (and the site's dependencies)`, () =>
    exec('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: site })
  );
  await step('strapi build (the stager entry inserted into the generated config/plugins.ts)', () =>
    exec('npx', ['strapi', 'build'], { cwd: site })
  );
  await step("strapi build (the README's example as the whole config/plugins.ts)", async () => {
    await writeFile(
      path.join(site, 'config/plugins.ts'),
      pluginsConfigFile(await readFile(path.join(repo, 'README.md'), 'utf8'))
    );
    await exec('npx', ['strapi', 'build'], { cwd: site });
  });

  redis = await redisForThisRun();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  await step(
    `strapi start on port ${port} (Redis ${redis.url}, key prefix ${PREFIX})`,
    async () => {
      strapi = startStrapi(site, port, redis.url);
      await waitForHealth(base, strapi);
    }
  );

  const adminToken = await step('register the first admin (POST /admin/register-admin)', () =>
    registerAdmin(base)
  );
  await step(
    'Users & Permissions: the Public role may find and findOne Stager events, locations, organisations',
    () => allowPublicReads(base, adminToken)
  );

  const webhook = `${base}/api/stager/webhook`;
  await step(`send a signed UPDATE_EVENTS with the simulator to ${webhook}`, () =>
    exec(
      'node',
      [
        path.join(repo, 'scripts/simulate.mjs'),
        '--url',
        webhook,
        '--token',
        TOKEN,
        '--type',
        'UPDATE_EVENTS',
      ],
      { cwd: repo, inherit: true }
    )
  );
  await step('read the events back: GET /api/stager/events', () => waitForEvents(base));

  await step(
    'uninstall as docs/operators.md says: config entry out, npm uninstall, strapi build',
    async () => {
      await stopStrapi();
      await writeFile(path.join(site, 'config/plugins.ts'), generatedPluginsConfig);
      await exec('npm', ['uninstall', '--no-audit', '--no-fund', 'strapi-plugin-stager'], {
        cwd: site,
      });
      await exec('npx', ['strapi', 'build'], { cwd: site });
    }
  );
  await step("start once more: Strapi drops the plugin's tables and permissions", async () => {
    const base = `http://127.0.0.1:${await freePort()}`;
    strapi = startStrapi(site, Number(new URL(base).port), redis.url);
    await waitForHealth(base, strapi);
    await stopStrapi();
    checkNothingLeft(site);
  });
}

/**
 * After the restart without the plugin, and the cleanup statement of docs/operators.md: no table, permission,
 * layout or stored row of it is left.
 */
function checkNothingLeft(dir) {
  const Database = createRequire(path.join(dir, 'package.json'))('better-sqlite3');
  const db = new Database(path.join(dir, '.tmp/data.db'));
  try {
    db.prepare(STORE_CLEANUP).run();
    const left = [
      ...db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%stager%'")
        .all()
        .map((row) => `table ${row.name}`),
      ...db
        .prepare("SELECT action FROM up_permissions WHERE action LIKE 'plugin::stager.%'")
        .all()
        .map((row) => `permission ${row.action}`),
      ...db
        .prepare("SELECT key FROM strapi_core_store_settings WHERE key LIKE '%stager%'")
        .all()
        .map((row) => `store ${row.key}`),
    ];
    if (left.length) throw new Error(`left after uninstalling: ${left.join(', ')}`);
  } finally {
    db.close();
  }
}

async function step(title, action) {
  const since = Date.now();
  say(`${title} …`);
  const result = await action();
  say(`  done in ${seconds(since)}`);
  return result;
}

async function packPlugin(dir) {
  // `prepack` builds the plugin first, as it does before `npm publish`.
  await exec('npm', ['pack', '--pack-destination', dir], { cwd: repo });
  const tarball = (await readdir(dir)).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${dir}`);
  return path.join(dir, tarball);
}

/** Only the built plugin, its entry files and its documents (the README's links into docs/ included); every export target, types included. */
async function checkTarball(tarball) {
  const files = (await exec('tar', ['-tzf', tarball], { cwd: workDir }))
    .trim()
    .split('\n')
    .map((file) => file.replace(/^package\//, ''));
  const allowed =
    /^(dist\/.+|package\.json|README\.md|docs\/[a-z-]+\.md|CHANGELOG\.md|LICENSE|strapi-server\.js|strapi-admin\.js)$/;
  const unexpected = files.filter((file) => !allowed.test(file));
  if (unexpected.length)
    throw new Error(`the tarball ships files it should not: ${unexpected.join(', ')}`);
  const { exports } = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8'));
  const targets = Object.values(exports)
    .filter((target) => typeof target === 'object')
    .flatMap(({ types, import: esm, require: cjs }) =>
      [types, esm, cjs].map((file) => file.replace(/^\.\//, ''))
    );
  const missing = ['CHANGELOG.md', 'LICENSE', 'README.md', 'docs/operators.md', ...targets].filter(
    (file) => !files.includes(file)
  );
  if (missing.length) throw new Error(`the tarball lacks ${missing.join(', ')}`);
  say(
    `  ${files.length} files, ${files.filter((file) => file.endsWith('.d.ts')).length} type declarations`
  );
}

function createSite(dir) {
  return exec(
    'npx',
    [
      '--yes',
      `create-strapi-app@${STRAPI_VERSION}`,
      dir,
      '--typescript',
      '--no-example',
      '--no-git-init',
      '--skip-cloud',
      '--use-npm',
      '--dbclient=sqlite',
      // What the interactive prompt proposes; left out, the generated .env has an empty DATABASE_FILENAME.
      '--dbfile=.tmp/data.db',
      '--no-install',
      '--no-run',
      '--non-interactive',
    ],
    { cwd: path.dirname(dir) }
  );
}

/** Adds the `stager` entry the README documents to the object the generated config returns. */
async function enablePlugin(dir) {
  const file = path.join(dir, 'config/plugins.ts');
  const generated = await readFile(file, 'utf8');
  generatedPluginsConfig = generated;
  const opening = /=> \(\{\n/;
  if (!opening.test(generated))
    throw new Error(`config/plugins.ts has an unexpected shape:\n${generated}`);
  const entry = pluginsConfigEntry(await readFile(path.join(repo, 'README.md'), 'utf8'));
  await writeFile(
    file,
    generated.replace(opening, (match) => `${match}${entry}\n`)
  );
}

function startStrapi(dir, port, redisUrl) {
  const logFile = path.join(workDir, 'strapi.log');
  // A process group of its own (npx, Strapi and anything it starts), stopped as a whole.
  const child = spawn('sh', ['-c', `exec npx strapi start > "${logFile}" 2>&1`], {
    cwd: dir,
    detached: true,
    stdio: 'ignore',
    env: {
      ...quietEnv,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      REDIS_URL: redisUrl,
      STAGER_AUTH_TOKEN: TOKEN,
      STAGER_QUEUE_PREFIX: PREFIX,
      STAGER_MEDIA_ENABLED: 'false',
    },
  });
  child.exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal))
  );
  child.logFile = logFile;
  return child;
}

async function waitForHealth(base, child, timeoutMs = 120_000) {
  let exit;
  child.exited.then((code) => (exit = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exit !== undefined) throw new Error(`strapi start exited (${exit}) before answering`);
    try {
      if ((await fetch(`${base}/_health`)).status === 204) return;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  throw new Error(`Strapi did not answer ${base}/_health within ${timeoutMs / 1000} s`);
}

async function registerAdmin(base) {
  const answer = await json(`${base}/admin/register-admin`, {
    method: 'POST',
    body: {
      firstname: 'Install',
      lastname: 'Test',
      email: 'install-test@example.org',
      password: 'InstallTest1234',
    },
  });
  const token = answer.data?.token ?? answer.data?.accessToken;
  if (!token)
    throw new Error(`register-admin gave no token: ${JSON.stringify(answer).slice(0, 300)}`);
  return token;
}

/** What a site developer does in Settings → Users & Permissions → Roles → Public (step 5 of the README). */
async function allowPublicReads(base, adminToken) {
  const auth = { Authorization: `Bearer ${adminToken}` };
  const { roles } = await json(`${base}/users-permissions/roles`, { headers: auth });
  const publicRole = roles?.find((role) => role.type === 'public');
  if (!publicRole) throw new Error('no Public role in Users & Permissions');
  const { role } = await json(`${base}/users-permissions/roles/${publicRole.id}`, {
    headers: auth,
  });
  const controllers = role.permissions?.['plugin::stager']?.controllers ?? {};
  for (const type of ['event', 'location', 'organization']) {
    const actions = controllers[type];
    if (!actions?.find || !actions?.findOne) {
      throw new Error(
        `Users & Permissions lists no find/findOne for Stager ${type}: ${JSON.stringify(controllers)}`
      );
    }
    actions.find.enabled = true;
    actions.findOne.enabled = true;
  }
  await json(`${base}/users-permissions/roles/${publicRole.id}`, {
    method: 'PUT',
    headers: auth,
    body: {
      name: role.name,
      description: role.description,
      type: role.type,
      permissions: role.permissions,
    },
  });
}

async function waitForEvents(base, timeoutMs = 60_000) {
  const expected = sampleMessages()
    .UPDATE_EVENTS.messageContent.events.map((event) => event.id)
    .sort();
  const url = `${base}/api/stager/events?sort=stagerId:asc&fields[0]=stagerId&fields[1]=name&populate[location][fields][0]=name`;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const answer = await fetch(url);
    const text = await answer.text();
    last = `${answer.status} ${text.slice(0, 300)}`;
    if (answer.status !== 200) throw new Error(`GET /api/stager/events answered ${last}`);
    const { data } = JSON.parse(text);
    if (JSON.stringify(data.map((event) => event.stagerId)) === JSON.stringify(expected)) {
      // A populated relation is returned only when the role may read its type too.
      const withoutLocation = data
        .filter((event) => !event.location?.name)
        .map((event) => event.stagerId);
      if (withoutLocation.length)
        throw new Error(`events without their location: ${withoutLocation.join(', ')}`);
      say(
        `  events: ${data.map((event) => `${event.stagerId} "${event.name}" at ${event.location.name}`).join('; ')}`
      );
      return;
    }
    await sleep(500);
  }
  throw new Error(
    `events ${expected.join(', ')} did not appear within ${timeoutMs / 1000} s; last answer: ${last}`
  );
}

async function json(url, { method = 'GET', headers = {}, body } = {}) {
  const answer = await fetch(url, {
    method,
    headers: { ...headers, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await answer.text();
  if (!answer.ok)
    throw new Error(
      `${method} ${new URL(url).pathname} answered ${answer.status}: ${text.slice(0, 300)}`
    );
  return JSON.parse(text);
}

/** Runs a command; output is kept and shown only when it fails (unless `inherit`). */
function exec(command, args, { cwd, env = quietEnv, inherit = false }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) return resolve(output);
      const tail = output
        .split('\n')
        .filter((line) => !line.includes('EBADENGINE'))
        .slice(-40)
        .join('\n');
      reject(
        new Error(
          `${command} ${args.join(' ')} failed (${code ?? signal})${tail ? `:\n${tail}` : ''}`
        )
      );
    });
  });
}

async function stopStrapi() {
  if (!strapi || strapi.exitCode !== null || strapi.signalCode !== null) return;
  const kill = (signal) => {
    try {
      process.kill(-strapi.pid, signal);
    } catch {
      // already gone
    }
  };
  kill('SIGTERM');
  const stopped = await Promise.race([
    strapi.exited.then(() => true),
    sleep(20_000).then(() => false),
  ]);
  if (!stopped) {
    kill('SIGKILL');
    await strapi.exited;
  }
}

async function removeQueueKeys() {
  if (!redis) return;
  const Redis = require('ioredis');
  const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 500);
      if (keys.length) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch (error) {
    console.error(`[install-test] could not remove Redis keys ${PREFIX}:*: ${error.message}`);
  } finally {
    client.disconnect();
  }
}

async function cleanup() {
  for (const child of running) child.kill('SIGTERM');
  await stopStrapi();
  await removeQueueKeys();
  await redis?.cleanup();
  if (workDir && process.env.KEEP_INSTALL_SITE === '1') say(`kept ${workDir}`);
  else if (workDir) await rm(workDir, { recursive: true, force: true });
}

async function printTail(file) {
  try {
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    console.error(`\nlast lines of the site's log:\n${lines.slice(-30).join('\n')}`);
  } catch {
    // no log yet
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
