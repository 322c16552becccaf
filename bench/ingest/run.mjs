#!/usr/bin/env node
// The ingest benchmark: the plugin's webhook in the playground against a bare-Node baseline and
// the usual hand-written Strapi route, one server at a time, each loaded by a separate process
// (load.mjs), on the database BENCH_INGEST_DATABASE names (`sqlite`, the default, or `postgres`,
// a database of its own per server). Writes bench/results/ingest-<database>.json. REDIS_URL must
// point at a running Redis.
// BENCH_SMOKE=1 runs a few seconds of it, to keep it working, not to measure. BENCH_PROFILE_DIR
// writes a CPU profile of each server there (open it in Chrome's DevTools); BENCH_TRACE_GC=1
// prints the servers' garbage collections. BENCH_INGEST_SERVERS and BENCH_INGEST_SIZES (e.g.
// `plugin` and `1MB`) run a part, written to ingest-partial.json.
import { execFileSync, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
import { SMOKE as smoke, writeResults } from '../results.mjs';
import { signedMessageOfSize } from './bodies.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const { createDatabase } = createRequire(import.meta.url)('../../scripts/lib/database-servers.js');
const database = process.env.BENCH_INGEST_DATABASE || 'sqlite';
const seconds = smoke ? 1 : Number(process.env.BENCH_INGEST_SECONDS || 10);
const KB = 1_000;
const MB = 1_000_000;
/** Each size is loaded in a closed loop of 10 connections, then at a fixed rate for latency. */
const SIZES = smoke
  ? [{ label: '10KB', bytes: 10 * KB, rate: 20 }]
  : [
      { label: '10KB', bytes: 10 * KB, rate: 200 },
      { label: '1MB', bytes: 1 * MB, rate: 50 },
      { label: '10MB', bytes: 10 * MB, rate: 5 },
    ];
const only = (names, list, key) =>
  names ? list.filter((entry) => names.split(',').includes(entry[key])) : list;
const LARGE = { bytes: smoke ? 1 * MB : 25 * MB, concurrent: 4 };
const UNSIGNED = {
  bytes: smoke ? 1 * MB : 10 * MB,
  samples: smoke ? 3 : 20,
  burst: smoke ? 50 : 1_000,
};

const token = `bench-token-${randomBytes(8).toString('hex')}`;
const workDir = path.join(os.tmpdir(), `stager-bench-${randomBytes(4).toString('hex')}`);
mkdirSync(workDir, { recursive: true });
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

const handwrittenSite = path.join(here, 'handwritten-site');
const runSite = path.join(root, 'tests', 'helpers', 'run-playground.js');
const strapiEnv = {
  HOST: '127.0.0.1',
  PORT: '0',
  NODE_ENV: 'production',
  LOG_LEVEL: 'error',
  STARTUP_MESSAGE: 'false',
  STRAPI_TELEMETRY_DISABLED: 'true',
};
const SERVERS = [
  {
    name: 'baseline',
    description: 'node:http + HMAC + inbox row + Bull job',
    script: path.join(here, 'baseline-server.js'),
    args: [],
    path: '/',
    env: {},
  },
  {
    name: 'plugin',
    description: 'the playground with strapi-plugin-stager, worker off',
    script: runSite,
    args: [],
    path: '/api/stager/webhook',
    env: { ...strapiEnv, STAGER_WORKER: 'false' },
  },
  {
    name: 'handwritten',
    description:
      "a Strapi route as Strapi's docs lead to: strapi::body includeUnparsed, Bull job of the parsed body",
    script: runSite,
    args: [handwrittenSite, handwrittenSite],
    path: '/api/stager-webhook',
    env: strapiEnv,
  },
];

function writeBody(name, bytes) {
  const { body, signature } = signedMessageOfSize(bytes, token);
  const file = path.join(workDir, `${name}.json`);
  writeFileSync(file, body);
  return { file, signature, bytes: body.length };
}

/** A database of the server's own: a file for SQLite, an empty database on PostgreSQL. */
async function databaseFor(server) {
  if (database === 'sqlite') {
    const filename = path.join(workDir, `${server.name}.db`);
    return {
      env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: filename },
      drop: async () => {},
    };
  }
  return createDatabase(database);
}

async function startServer(server) {
  const prefix = `stager-bench-${server.name}-${randomBytes(4).toString('hex')}`;
  const serverDatabase = await databaseFor(server);
  const child = fork(server.script, server.args, {
    env: {
      ...process.env,
      ...server.env,
      ...serverDatabase.env,
      STAGER_AUTH_TOKEN: token,
      REDIS_URL: redisUrl,
      STAGER_QUEUE_PREFIX: prefix,
      QUEUE_PREFIX: prefix,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [
      ...(process.env.BENCH_PROFILE_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
        : []),
      ...(process.env.BENCH_TRACE_GC ? ['--trace-gc'] : []),
    ],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const port = await new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message.port));
    exited.then((code) =>
      reject(new Error(`${server.name} exited with code ${code} before listening`))
    );
  }).catch(async (error) => {
    await serverDatabase.drop();
    throw error;
  });
  return {
    url: `http://127.0.0.1:${port}${server.path}`,
    pid: child.pid,
    prefix,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await serverDatabase.drop();
    },
  };
}

function load(options) {
  const output = execFileSync(
    process.execPath,
    [path.join(here, 'load.mjs'), JSON.stringify(options)],
    { encoding: 'utf8', maxBuffer: 1 << 20 }
  );
  return JSON.parse(output.trim().split('\n').pop());
}

/** Resident memory of a process in MB: now, or the peak since `resetPeak`. */
const memoryMb = (pid, field) =>
  Number(
    /(\d+) kB/.exec(
      readFileSync(`/proc/${pid}/status`, 'utf8')
        .split('\n')
        .find((line) => line.startsWith(field))
    )[1]
  ) / 1024;
const resetPeak = (pid) => writeFileSync(`/proc/${pid}/clear_refs`, '5');

async function dropQueue(redis, prefix) {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.unlink(...keys);
}

function expectAnswered(figures, what) {
  if (figures.errors > 0 || figures.timeouts > 0 || figures.non2xx > 0 || figures.ok === 0) {
    throw new Error(
      `${what}: ${figures.ok} answered 2xx, ${figures.non2xx} other answers, ${figures.errors} errors, ${figures.timeouts} timeouts`
    );
  }
  return figures;
}

async function measure(server, bodies, redis) {
  const site = await startServer(server);
  const signed = (body) => ({ url: site.url, bodyFile: body.file, signature: body.signature });
  const result = { name: server.name, description: server.description, sizes: [] };
  try {
    load({
      kind: 'autocannon',
      ...signed(bodies.sizes[0]),
      connections: 10,
      duration: smoke ? 1 : 3,
    });
    // Memory first, while the server is as fresh as a site that has just started.
    const idleMb = memoryMb(site.pid, 'VmRSS:');
    resetPeak(site.pid);
    expectAnswered(
      load({
        kind: 'autocannon',
        ...signed(bodies.large),
        connections: LARGE.concurrent,
        amount: LARGE.concurrent,
      }),
      `${server.name} large`
    );
    result.memory = {
      idleMb,
      peakMb: memoryMb(site.pid, 'VmHWM:'),
      concurrent: LARGE.concurrent,
      bytes: bodies.large.bytes,
    };
    result.memory.aboveIdleMb = result.memory.peakMb - idleMb;
    await dropQueue(redis, site.prefix);

    for (const size of bodies.sizes) {
      const throughput = expectAnswered(
        load({ kind: 'autocannon', ...signed(size), connections: 10, duration: seconds }),
        `${server.name} ${size.label}`
      );
      await dropQueue(redis, site.prefix);
      const latency = expectAnswered(
        load({
          kind: 'autocannon',
          ...signed(size),
          connections: 10,
          duration: seconds,
          overallRate: size.rate,
        }),
        `${server.name} ${size.label} at ${size.rate}/s`
      );
      await dropQueue(redis, site.prefix);
      result.sizes.push({
        label: size.label,
        bytes: size.bytes,
        requestsPerSecond: throughput.requestsPerSecond,
        closedLoopLatencyMs: throughput.latencyMs,
        rate: size.rate,
        rateAchieved: latency.requestsPerSecond,
        latencyMs: latency.latencyMs,
      });
    }

    result.unsignedRejection = load({
      kind: 'reject',
      url: site.url,
      bodyFile: bodies.unsigned.file,
      samples: UNSIGNED.samples,
    });

    const small = signed(bodies.sizes[0]);
    const alone = expectAnswered(
      load({ kind: 'autocannon', ...small, connections: 10, duration: seconds }),
      `${server.name} signed alone`
    );
    const [during] = await Promise.all([
      loadInBackground({ kind: 'autocannon', ...small, connections: 10, duration: seconds }),
      loadInBackground({
        kind: 'autocannon',
        url: site.url,
        bodyFile: bodies.sizes[0].file,
        connections: 10,
        amount: UNSIGNED.burst,
        overallRate: Math.ceil(UNSIGNED.burst / (seconds * 0.8)),
      }),
    ]);
    expectAnswered(during, `${server.name} signed during the unsigned burst`);
    result.unsignedBurst = {
      signedAloneRps: alone.requestsPerSecond,
      signedDuringRps: during.requestsPerSecond,
      ratio: during.requestsPerSecond / alone.requestsPerSecond,
    };
    await dropQueue(redis, site.prefix);
  } finally {
    await site.stop();
  }
  return result;
}

function loadInBackground(options) {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(here, 'load.mjs'), [JSON.stringify(options)], {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(output.trim().split('\n').pop()))
        : reject(new Error(`load exited with ${code}`))
    );
  });
}

const bodies = {
  sizes: only(process.env.BENCH_INGEST_SIZES, SIZES, 'label').map((size) => ({
    ...size,
    ...writeBody(size.label, size.bytes),
  })),
  large: writeBody('large', LARGE.bytes),
  unsigned: writeBody('unsigned', UNSIGNED.bytes),
};
const redis = new Redis(redisUrl);
const servers = [];
try {
  for (const server of only(process.env.BENCH_INGEST_SERVERS, SERVERS, 'name')) {
    console.log(`ingest: measuring ${server.name}`);
    servers.push(await measure(server, bodies, redis));
  }
} finally {
  redis.disconnect();
  rmSync(workDir, { recursive: true, force: true });
}

const partial = Boolean(process.env.BENCH_INGEST_SERVERS || process.env.BENCH_INGEST_SIZES);
writeResults(`ingest-${database}${partial ? '-partial' : ''}`, { database, seconds, servers });
const round = (value, digits) => +value.toFixed(digits);
console.log(`\nIngest on ${database}, ${seconds} s per load (figures in bench/results/)`);
console.table(
  servers.flatMap((server) =>
    server.sizes.map((size) => ({
      server: server.name,
      size: size.label,
      'msgs/s, 10 connections': round(size.requestsPerSecond, 1),
      'fixed rate': `${size.rate}/s`,
      'p50 ms': size.latencyMs.p50,
      'p99 ms': size.latencyMs.p99,
      'max ms': size.latencyMs.max,
    }))
  )
);
console.table(
  servers.map((server) => ({
    server: server.name,
    'peak RSS above idle, 4 large (MB)': round(server.memory.aboveIdleMb, 0),
    'unsigned body rejected, median / max (ms)': `${round(server.unsignedRejection.ms.p50, 2)} / ${round(server.unsignedRejection.ms.max, 2)}`,
    'signed msgs/s alone / during unsigned burst': `${round(server.unsignedBurst.signedAloneRps, 0)} / ${round(server.unsignedBurst.signedDuringRps, 0)}`,
  }))
);
