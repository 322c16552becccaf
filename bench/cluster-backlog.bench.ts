import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { adminSession } from '../tests/helpers/admin';
import { INBOX_UID } from '../tests/helpers/inbox';
import {
  startPlaygroundProcess,
  type PlaygroundProcess,
} from '../tests/helpers/playground-process';
import { createSiteStorage, startSite, type TestSite } from '../tests/helpers/site';
import { buildUpdateEvents, exampleEvent, organization, tolhuistuin } from '../scripts/samples.mjs';
import { freeze, thaw } from './freeze';
import { writeResults } from './results.mjs';
import { sendSigned } from './send-signed';

/**
 * A backlog of one-event UPDATE_EVENTS over several organisations, applied by one worker instance
 * and by two (separate Strapi processes at the playground's defaults) on one PostgreSQL database
 * and one Redis, with a web-only instance (this process) taking the webhook. The backlog is sent
 * while processing is paused, then resumed: the rate is the workers', from the first message taken
 * to the last one finished, as the inbox rows record them, after a warm-up of
 * BENCH_WARM_UP_MESSAGES per worker applied as they arrive (a fresh process runs its code
 * uncompiled at first, and each worker would pay for that once, on its share of the backlog: V8's
 * compiler threads count in its CPU). The rounds of one worker and of two take turns (one, two,
 * two, one, …: BENCH_ROUNDS of each) in one cluster of two worker processes, one of which is
 * stopped while the other applies a round alone (`freeze`), the two alone in turn: a machine whose
 * speed drifts during the run weighs on both alike. For each, the median is reported (see
 * `medianOf`), and the worker CPU of each round of two ÷ that of the round of one beside it.
 * Measured in each round: each worker's CPU per applied message (its utime + stime from /proc, what
 * `process.cpuUsage` reports inside it; each worker's share, over every message of the backlog, so
 * that the shares add up) and the part of it spent in the kernel, PostgreSQL's own CPU per message
 * (every postgres process of the machine), Redis's CPU and commands per message, this process's CPU
 * per message, each worker's context switches per message, the pages PostgreSQL read per message,
 * what the database's sessions were doing (pg_stat_activity sampled every 20 ms: running, waiting
 * for a lock, idle in a transaction…) and from it the share of the workers' time spent waiting for
 * a lock, the CPU time of one fixed piece of work in a probe process meanwhile
 * (`profile/cpu-probe.js`: what the machine's load alone does to CPU time), the load average, and
 * after an outage of BENCH_OUTAGE_MESSAGES (0 skips it; its worker warmed up as the backlogs' are)
 * its rate and the worker's RSS after the first 1,000, every 2,000, at the end and 20 s later, and
 * the V8 heap it still held after each full garbage collection, during the drain and after
 * (`profile/heap-after-gc.js`). With BENCH_COUNT_QUERIES=1, each worker's statements per message by
 * kind, and the time they took from sending to answer (`bench/profile/query-counter.js`). With
 * BENCH_CPU_PROFILE_DIR, each worker's V8 CPU profile of the backlog is written there
 * (`bench/profile/summarize-cpu.mjs` sums one up), or with BENCH_CPU_PROFILER=perf a `perf record`
 * of its CPU (see `profile/cpu-profiler.js`). Run with TEST_DATABASE=postgres.
 */
const BACKLOG = Number(process.env.BENCH_BACKLOG_MESSAGES ?? 2000);
const OUTAGE_BACKLOG = Number(process.env.BENCH_OUTAGE_MESSAGES ?? 20000);
/** The outage's first RSS reading, the one its end is compared with (all of a smaller outage). */
const FIRST_RSS_AFTER = Math.min(1000, OUTAGE_BACKLOG);
/** Applied per worker before the measured backlog, so that each worker's code is compiled. */
const WARM_UP = Number(process.env.BENCH_WARM_UP_MESSAGES ?? 4000);
/** Rounds measured with one worker and with two, each, in turn; each is reported by its median. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ORGANIZATIONS = 20;
const EVENTS_PER_ORGANIZATION = 5;
const SESSION_SAMPLE_MS = 20;
/** PostgreSQL's default `autovacuum_naptime` (see `vacuumIfAutovacuumIsOff`). */
const AUTOVACUUM_NAPTIME_MS = 60_000;
/**
 * How long after an outage's drain the worker's RSS is read again, as an operator's memory graph
 * shows it once the worker is idle. V8's memory reducer may collect an idle heap from 8 s on
 * (`--gc-memory-reducer-start-delay-ms`); the full collections of that time are listed.
 */
const IDLE_RSS_AFTER_MS = 20_000;
const CLOCK_TICKS_PER_SECOND = 100;
const COUNT_QUERIES = process.env.BENCH_COUNT_QUERIES === '1';
const queryCountsDir = mkdtempSync(path.join(os.tmpdir(), 'stager-query-counts-'));
const heapDir = mkdtempSync(path.join(os.tmpdir(), 'stager-heap-'));
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROFILE_DIR;
const workerNodeOptions = [
  `--require ${path.join(__dirname, 'profile', 'heap-after-gc.js')}`,
  COUNT_QUERIES && `--require ${path.join(__dirname, 'profile', 'query-counter.js')}`,
  CPU_PROFILE_DIR && `--require ${path.join(__dirname, 'profile', 'cpu-profiler.js')}`,
  CPU_PROFILE_DIR &&
    process.env.BENCH_CPU_PROFILER === 'perf' &&
    '--perf-basic-prof-only-functions',
].filter(Boolean);
const workerEnv = {
  LOG_LEVEL: 'error',
  NODE_OPTIONS: workerNodeOptions.join(' '),
  BENCH_HEAP_DIR: heapDir,
  ...(COUNT_QUERIES && { BENCH_QUERY_COUNTS_DIR: queryCountsDir }),
  ...(CPU_PROFILE_DIR && { BENCH_CPU_PROFILE_DIR: CPU_PROFILE_DIR }),
};
/** Starts, then ends and writes, each worker's CPU profile (see `profile/cpu-profiler.js`). */
const toggleCpuProfiles = (workers: PlaygroundProcess[]) => {
  if (CPU_PROFILE_DIR) for (const worker of workers) process.kill(worker.pid, 'SIGUSR2');
};

interface QueryCounts {
  statements: number;
  waitingMs: number;
  counts: Record<string, number>;
}

/** The V8 heap in use after each full garbage collection of the worker between two times, in MB. */
function heapAfterFullCollections(pid: number, from: number, to: number): number[] {
  const file = path.join(heapDir, `${pid}.json`);
  const collections: Array<{ at: number; heapMb: number }> = existsSync(file)
    ? JSON.parse(readFileSync(file, 'utf8'))
    : [];
  return collections
    .filter(({ at }) => at >= from && at <= to)
    .map(({ heapMb }) => Math.round(heapMb));
}

function queryCounts(pid: number): QueryCounts {
  try {
    return JSON.parse(readFileSync(path.join(queryCountsDir, `${pid}.json`), 'utf8'));
  } catch {
    return { statements: 0, waitingMs: 0, counts: {} };
  }
}

/** Statements per message between two counts, the most frequent kinds first. */
function perMessage(before: QueryCounts, after: QueryCounts, messages: number) {
  const kinds = Object.entries(after.counts)
    .map(([kind, count]) => [kind, (count - (before.counts[kind] ?? 0)) / messages] as const)
    .filter(([, count]) => count >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, count]) => `${count.toFixed(2)} ${kind}`);
  return {
    statementsPerMessage: +((after.statements - before.statements) / messages).toFixed(2),
    statementMsPerMessage: +((after.waitingMs - before.waitingMs) / messages).toFixed(2),
    kinds,
  };
}

interface BacklogRun {
  workers: number;
  messages: number;
  appliedPerSec: number;
  cpuMsPerMessage: number[];
  /** The part of `cpuMsPerMessage` spent in the kernel (socket writes and reads, mostly). */
  kernelMsPerMessage: number[];
  /** PostgreSQL's own CPU per message (every postgres process of the machine). */
  databaseCpuMsPerMessage: number;
  /** Buffer pages PostgreSQL read per message, from its cache or not (`pg_stat_database`). */
  databasePagesPerMessage: number;
  /** Redis's CPU per message, and the commands it ran per message (every client's). */
  redisCpuMsPerMessage: number;
  redisCallsPerMessage: number;
  /** This process's CPU per message: the web-only instance, and the bench's own sampling. */
  webCpuMsPerMessage: number;
  /** Each worker's context switches per message (see `contextSwitches`). */
  switchesPerMessage: Array<{ voluntary: number; preempted: number }>;
  lockWaitShare: number;
  /** The database's sessions at a time, on average, by what they did (`sampleDatabaseSessions`). */
  databaseSessionsByActivity: Record<string, number>;
  /** The CPU time of the probe's fixed work meanwhile, median, in ms (see `profile/cpu-probe.js`). */
  probeWorkMs: number;
  load: string;
  statements?: Array<ReturnType<typeof perMessage>>;
  /** Each round's figures, where the run is the median of several (see `medianOf`). */
  rounds?: Array<Record<string, number>>;
}

const runs: BacklogRun[] = [];
const outage: Array<Record<string, unknown>> = [];

afterAll(() => {
  if (runs.length === 0 && outage.length === 0) return;
  console.table(
    runs.map(({ statements, rounds, databaseSessionsByActivity: _sessions, ...run }) => ({
      ...run,
      cpuMsPerMessage: run.cpuMsPerMessage.join(' + '),
      kernelMsPerMessage: run.kernelMsPerMessage.join(' + '),
      switchesPerMessage: run.switchesPerMessage
        .map(({ voluntary, preempted }) => `${voluntary} / ${preempted}`)
        .join(' + '),
      statementsPerMessage: statements?.map((s) => s.statementsPerMessage).join(' + '),
      statementMsPerMessage: statements?.map((s) => s.statementMsPerMessage).join(' + '),
      rounds: rounds
        ?.map((round) => `${round.appliedPerSec}/s ${round.workerCpuMsPerMessage} ms`)
        .join(', '),
    }))
  );
  for (const run of runs)
    console.log(
      `${run.workers} worker(s), the database's sessions at a time, by what they did: ${JSON.stringify(run.databaseSessionsByActivity)}`
    );
  for (const run of runs)
    run.statements?.forEach((worker, i) =>
      console.log(
        `${run.workers} worker(s), worker ${i + 1}, per message:\n  ${worker.kinds.join('\n  ')}`
      )
    );
  if (outage.length > 0) console.table(outage);
  const [one, two] = [1, 2].map((count) => runs.find((run) => run.workers === count));
  // Each round of two workers ÷ the round of one beside it (the rounds take turns).
  const pairedCpuRatios =
    one?.rounds && two?.rounds
      ? one.rounds.map(
          (round, i) =>
            +(two.rounds![i].workerCpuMsPerMessage / round.workerCpuMsPerMessage).toFixed(2)
        )
      : [];
  // In the shape of bench/report.mjs's targets, which lists them.
  const targets: Array<{ measure: string; measured: string; target: string; met: string }> = [];
  const report = (measure: string, figure: number, target: string, met: boolean) =>
    targets.push({ measure, measured: String(figure), target, met: met ? 'met' : 'NOT met' });
  if (one) report('one worker, messages/s', one.appliedPerSec, '≥ 200', one.appliedPerSec >= 200);
  if (one && two) {
    const speedup = +(two.appliedPerSec / one.appliedPerSec).toFixed(2);
    report('two ÷ one', speedup, '≥ 1.0', speedup >= 1);
    const sum = (run: BacklogRun) => run.cpuMsPerMessage.reduce((a, b) => a + b, 0);
    const cpuRatio = +(sum(two) / sum(one)).toFixed(2);
    report('worker CPU per message, two ÷ one', cpuRatio, '≤ 1.15', cpuRatio <= 1.15);
    console.log(
      `the probe's fixed work, CPU two ÷ one: ${(two.probeWorkMs / one.probeWorkMs).toFixed(2)} (the machine's own part of that ratio)`
    );
    console.log(
      `worker CPU per message, two ÷ one, round by round: ${pairedCpuRatios.join(', ')}; median ${median(pairedCpuRatios)}`
    );
  }
  for (const run of runs)
    report(
      `lock wait, ${run.workers} worker(s), % of worker time`,
      +(run.lockWaitShare * 100).toFixed(1),
      '< 5',
      run.lockWaitShare < 0.05
    );
  const [drained] = outage;
  if (one && drained) {
    const ratio = +((drained.appliedPerSec as number) / one.appliedPerSec).toFixed(2);
    report('after an outage, messages/s ÷ one worker', ratio, '≥ 1.0', ratio >= 1);
  }
  for (const { measure, measured, target, met } of targets)
    console.log(`target ${measure} (target ${target}): ${measured} (${met})`);
  writeResults('cluster-backlog-postgres', { runs, pairedCpuRatios, outage, targets });
});

const loadAverage = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');

/** CPU time of a process so far, in ms: in its own code (utime) and in the kernel's (stime). */
function cpuTimes(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ms = (ticks: string) => (Number(ticks) * 1000) / CLOCK_TICKS_PER_SECOND;
  return { user: ms(fields[11]), system: ms(fields[12]) };
}

/** CPU time of a process so far, in ms (utime + stime, as `process.cpuUsage` counts it). */
function cpuMs(pid: number): number {
  const { user, system } = cpuTimes(pid);
  return user + system;
}

/** CPU time so far of each process of this machine named `name` (`postgres`: the server and its backends), in ms. */
function cpuOfProcesses(name: string): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.includes(`(${name})`)) byPid.set(Number(entry), cpuMs(Number(entry)));
    } catch {
      // The process ended meanwhile.
    }
  }
  return byPid;
}

/** CPU between two readings; a process that started in between counts from zero. */
const cpuBetween = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
afterAll(() => redis.quit());
afterAll(() => {
  for (const dir of [queryCountsDir, heapDir]) rmSync(dir, { recursive: true, force: true });
});
const probe = fork(path.join(__dirname, 'profile', 'cpu-probe.js'));
afterAll(() => probe.disconnect());

/** The median CPU time of the probe's fixed work since it was last asked to start. */
const probeWorkMs = () =>
  new Promise<number>((resolve) => {
    probe.once('message', (answer: { medianMs: number }) => resolve(answer.medianMs));
    probe.send('read');
  });

/** Commands Redis has run so far, for every client (`INFO commandstats`). */
async function redisCalls(): Promise<number> {
  const stats = await redis.info('commandstats');
  return [...stats.matchAll(/calls=(\d+)/g)].reduce((sum, [, calls]) => sum + Number(calls), 0);
}

/**
 * Context switches so far of every thread of a process: those it asked for by waiting
 * (`voluntary`: for an answer, a timer, a lock) and those forced on it when another process took
 * its core (`preempted`).
 */
function contextSwitches(pid: number): { voluntary: number; preempted: number } {
  const total = { voluntary: 0, preempted: 0 };
  for (const thread of readdirSync(`/proc/${pid}/task`)) {
    try {
      const status = readFileSync(`/proc/${pid}/task/${thread}/status`, 'utf8');
      total.voluntary += Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)![1]);
      total.preempted += Number(/^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(status)![1]);
    } catch {
      // The thread ended meanwhile.
    }
  }
  return total;
}

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

const organizationOf = (index: number) => ({
  ...organization(),
  id: `backlog-org-${index}`,
  name: `Backlog organisation ${index}`,
});
const eventOf = (org: number, event: number, name: string) =>
  exampleEvent({
    id: `backlog-${org}-${event}`,
    name,
    location: { ...tolhuistuin(), id: `backlog-loc-${org}` },
  });
const encode = (message: unknown) => Buffer.from(JSON.stringify(message));

/** The events of every organisation, then `count` one-event changes to them, in turn. */
const setupMessages = () =>
  Array.from({ length: ORGANIZATIONS }, (_, org) =>
    encode(
      buildUpdateEvents({
        organization: organizationOf(org),
        events: Array.from({ length: EVENTS_PER_ORGANIZATION }, (__, event) =>
          eventOf(org, event, `Event ${event}`)
        ),
      })
    )
  );
const backlogMessages = (count: number, round: string) =>
  Array.from({ length: count }, (_, i) => {
    const org = i % ORGANIZATIONS;
    const event = Math.floor(i / ORGANIZATIONS) % EVENTS_PER_ORGANIZATION;
    return encode(
      buildUpdateEvents({
        organization: organizationOf(org),
        events: [eventOf(org, event, `${round} message ${i}`)],
      })
    );
  });

/** Sends the messages (see `sendSigned`); resolves with the range of their inbox ids. */
async function sendAll(
  site: TestSite,
  messages: Buffer[]
): Promise<{ first: number; last: number }> {
  const ids = await sendSigned(site, messages);
  return { first: Math.min(...ids), last: Math.max(...ids) };
}

const inRange = ({ first, last }: { first: number; last: number }) => ({
  id: { $gte: first, $lte: last },
});

/**
 * Waits until every message of the range is done; `onPoll` runs on each look. Each look counts the
 * range's rows in PostgreSQL, which shares the cores with the workers: a range of thousands is
 * looked at once a second.
 */
async function untilApplied(
  site: TestSite,
  range: { first: number; last: number },
  onPoll: (done: number) => void = () => undefined
): Promise<void> {
  const pollMs = range.last - range.first < 5_000 ? 100 : 1_000;
  const inbox = site.strapi.db.query(INBOX_UID as never);
  const total = range.last - range.first + 1;
  const startedAt = performance.now();
  for (;;) {
    const open = await inbox.count({
      where: { ...inRange(range), status: { $notIn: ['processed', 'failed'] } },
    });
    onPoll(total - open);
    if (open === 0) break;
    if (performance.now() - startedAt > 1_800_000) throw new Error('not applied in 30 minutes');
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  expect(
    await inbox.count({ where: { ...inRange(range), status: 'processed', itemsFailed: 0 } })
  ).toBe(total);
}

/** Seconds from the first message taken to the last one finished, as the inbox rows say. */
async function workerSeconds(site: TestSite, range: { first: number; last: number }) {
  const [row] = await site.strapi.db
    .connection(site.strapi.db.metadata.get(INBOX_UID).tableName)
    .whereBetween('id', [range.first, range.last])
    .select(
      site.strapi.db.connection.raw(
        'extract(epoch from max(finished_at) - min(started_at)) as seconds'
      )
    );
  return Number(row.seconds);
}

/** Buffer pages the site's database has read so far, from PostgreSQL's cache or from disk. */
async function pagesRead(site: TestSite): Promise<number> {
  const { rows } = await site.strapi.db.connection.raw(
    'select blks_hit + blks_read as pages from pg_stat_database where datname = current_database()'
  );
  return Number(rows[0].pages);
}

/**
 * Samples what the database's sessions are doing, every SESSION_SAMPLE_MS: running, waiting for
 * something inside PostgreSQL (`Lock:…` for a row or table lock, `LWLock:…` for a shared-memory
 * lock, `IO:…`), or idle inside a transaction while the client works (`idle in transaction`).
 * `stop` gives the seconds of each, over all sessions.
 */
function sampleDatabaseSessions(site: TestSite) {
  const seconds: Record<string, number> = {};
  let running = true;
  const sampling = (async () => {
    while (running) {
      const { rows } = await site.strapi.db.connection.raw(
        `select case when state <> 'active' then state
                     when wait_event_type is null then 'running'
                     else wait_event_type || ':' || wait_event end as doing,
                count(*)::int as sessions
           from pg_stat_activity
          where datname = current_database() and state <> 'idle' and pid <> pg_backend_pid()
          group by 1`
      );
      for (const { doing, sessions } of rows as Array<{ doing: string; sessions: number }>)
        seconds[doing] = (seconds[doing] ?? 0) + (sessions * SESSION_SAMPLE_MS) / 1000;
      await new Promise((resolve) => setTimeout(resolve, SESSION_SAMPLE_MS));
    }
  })();
  return async () => {
    running = false;
    await sampling;
    return seconds;
  };
}

/** Of the seconds `sampleDatabaseSessions` gives, those spent waiting for a row or table lock. */
const lockWaitSeconds = (seconds: Record<string, number>) =>
  Object.entries(seconds)
    .filter(([doing]) => doing.startsWith('Lock:'))
    .reduce((sum, [, waited]) => sum + waited, 0);

async function setPaused(site: TestSite, paused: boolean) {
  const admin = await adminSession(site.strapi, site.baseUrl, 'super-admin');
  expect((await admin.call('PUT', '/stager/settings', { processingPaused: paused })).status).toBe(
    200
  );
}

/**
 * This machine's PostgreSQL runs with autovacuum off, unlike a production server: without it, the
 * few rows that every message updates (its event, the receipt-order states, the inbox rows) grow
 * chains of dead versions, and each backlog costs the database more than the one before. Where it
 * is off, the bench vacuums the site's database itself, before each backlog and every minute of an
 * outage's drain, as autovacuum would (its default `autovacuum_naptime` is one minute).
 */
async function vacuumIfAutovacuumIsOff(web: TestSite): Promise<void> {
  const knex = web.strapi.db.connection;
  const { rows } = await knex.raw('SHOW autovacuum');
  if (rows[0].autovacuum === 'off') await knex.raw('VACUUM ANALYZE');
}

async function startCluster(workerCount: number) {
  const storage = await createSiteStorage();
  const web = await startSite({ STAGER_WORKER: 'false', LOG_LEVEL: 'error' }, { storage });
  const workers: PlaygroundProcess[] = [];
  for (let i = 0; i < workerCount; i += 1)
    workers.push(await startPlaygroundProcess(storage, workerEnv));
  await untilApplied(web, await sendAll(web, setupMessages()));
  return { storage, web, workers };
}

async function stopCluster(cluster: Awaited<ReturnType<typeof startCluster>> | undefined) {
  for (const worker of cluster?.workers ?? []) await worker.stop();
  await cluster?.web.stop();
  await cluster?.storage.remove();
}

describe('one worker instance against two', () => {
  let cluster: Awaited<ReturnType<typeof startCluster>> | undefined;

  beforeAll(async () => {
    cluster = await startCluster(2);
  });

  afterAll(() => stopCluster(cluster));

  it(`applies a backlog of ${BACKLOG} one-event UPDATE_EVENTS over ${ORGANIZATIONS} organisations, ${ROUNDS} time(s) with each`, async () => {
    const { web, workers } = cluster!;
    await untilApplied(web, await sendAll(web, backlogMessages(WARM_UP * 2, 'warm-up')));
    const one: BacklogRun[] = [];
    const two: BacklogRun[] = [];
    for (let pair = 1; pair <= ROUNDS; pair += 1) {
      // One, two, two, one, …: a machine that slows down or speeds up costs both alike.
      for (const count of pair % 2 === 1 ? [1, 2] : [2, 1]) {
        const name = `${count} worker(s), round ${pair}`;
        if (count === 2) two.push(await measureBacklog(web, workers, name));
        // The two processes take turns alone, so that each has run as much of the work.
        else one.push(await measureAlone(web, workers[pair % 2], workers[(pair + 1) % 2], name));
      }
    }
    runs.push(medianOf(one), medianOf(two));
  });
});

/** One round applied by `alone`, while `frozen` is stopped (see `freeze`). */
async function measureAlone(
  web: TestSite,
  alone: PlaygroundProcess,
  frozen: PlaygroundProcess,
  name: string
): Promise<BacklogRun> {
  await freeze(frozen.pid, redis);
  try {
    return await measureBacklog(web, [alone], name);
  } finally {
    thaw(frozen.pid);
  }
}

/** One round: a backlog sent while processing is paused, then applied, with what it cost. */
async function measureBacklog(
  web: TestSite,
  workers: PlaygroundProcess[],
  name: string
): Promise<BacklogRun> {
  await setPaused(web, true);
  await vacuumIfAutovacuumIsOff(web);
  // Every instance reads the pause from its settings cache within a refresh.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const range = await sendAll(web, backlogMessages(BACKLOG, name));
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const countsBefore = workers.map((worker) => queryCounts(worker.pid));
  const cpuBefore = workers.map((worker) => cpuTimes(worker.pid));
  const databaseCpuBefore = cpuOfProcesses('postgres');
  const pagesBefore = await pagesRead(web);
  const redisCpuBefore = cpuOfProcesses('redis-server');
  const redisCallsBefore = await redisCalls();
  const switchesBefore = workers.map((worker) => contextSwitches(worker.pid));
  const webCpuBefore = process.cpuUsage();
  const stopSampling = sampleDatabaseSessions(web);
  toggleCpuProfiles(workers);
  probe.send('start');
  await setPaused(web, false);
  await untilApplied(web, range);
  toggleCpuProfiles(workers);
  const sessionSeconds = await stopSampling();
  const cpuAfter = workers.map((worker) => cpuTimes(worker.pid));
  const switchesAfter = workers.map((worker) => contextSwitches(worker.pid));
  const webCpu = process.cpuUsage(webCpuBefore);
  const probeMs = await probeWorkMs();
  const perMessageOf = (total: number) => +(total / BACKLOG).toFixed(2);
  const cpuMsPerMessage = cpuAfter.map((after, i) =>
    perMessageOf(after.user + after.system - cpuBefore[i].user - cpuBefore[i].system)
  );
  const kernelMsPerMessage = cpuAfter.map((after, i) =>
    perMessageOf(after.system - cpuBefore[i].system)
  );
  const databaseCpuMsPerMessage = perMessageOf(
    cpuBetween(databaseCpuBefore, cpuOfProcesses('postgres'))
  );
  const redisCpuMsPerMessage = perMessageOf(
    cpuBetween(redisCpuBefore, cpuOfProcesses('redis-server'))
  );
  const redisCallsPerMessage = perMessageOf((await redisCalls()) - redisCallsBefore);
  const switchesPerMessage = switchesAfter.map((after, i) => ({
    voluntary: perMessageOf(after.voluntary - switchesBefore[i].voluntary),
    preempted: perMessageOf(after.preempted - switchesBefore[i].preempted),
  }));
  const seconds = await workerSeconds(web, range);
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const databasePagesPerMessage = perMessageOf((await pagesRead(web)) - pagesBefore);
  const statements = COUNT_QUERIES
    ? workers.map((worker, i) => perMessage(countsBefore[i], queryCounts(worker.pid), BACKLOG))
    : undefined;
  return {
    statements,
    workers: workers.length,
    messages: BACKLOG,
    appliedPerSec: Math.round(BACKLOG / seconds),
    cpuMsPerMessage,
    kernelMsPerMessage,
    databaseCpuMsPerMessage,
    databasePagesPerMessage,
    redisCpuMsPerMessage,
    redisCallsPerMessage,
    webCpuMsPerMessage: perMessageOf((webCpu.user + webCpu.system) / 1000),
    switchesPerMessage,
    lockWaitShare: +(lockWaitSeconds(sessionSeconds) / (seconds * workers.length)).toFixed(4),
    databaseSessionsByActivity: Object.fromEntries(
      Object.entries(sessionSeconds)
        .sort((a, b) => b[1] - a[1])
        .map(([doing, total]) => [doing, +(total / seconds).toFixed(2)])
    ),
    probeWorkMs: probeMs,
    load: loadAverage(),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[(values.length - 1) >> 1];
const workerCpuOf = (run: BacklogRun) => run.cpuMsPerMessage.reduce((a, b) => a + b, 0);

/**
 * The round of median worker CPU per message, with the median rate and lock wait of all rounds,
 * and each round's rate and worker CPU: one round on this shared machine can be far off.
 */
function medianOf(rounds: BacklogRun[]): BacklogRun {
  const byCpu = [...rounds].sort((a, b) => workerCpuOf(a) - workerCpuOf(b));
  return {
    ...byCpu[(byCpu.length - 1) >> 1],
    appliedPerSec: median(rounds.map((round) => round.appliedPerSec)),
    lockWaitShare: median(rounds.map((round) => round.lockWaitShare)),
    probeWorkMs: median(rounds.map((round) => round.probeWorkMs)),
    rounds: rounds.map((round) => ({
      appliedPerSec: round.appliedPerSec,
      workerCpuMsPerMessage: +workerCpuOf(round).toFixed(2),
      databaseCpuMsPerMessage: round.databaseCpuMsPerMessage,
      databasePagesPerMessage: round.databasePagesPerMessage,
      redisCpuMsPerMessage: round.redisCpuMsPerMessage,
      webCpuMsPerMessage: round.webCpuMsPerMessage,
      preemptedPerMessage: +round.switchesPerMessage
        .reduce((sum, { preempted }) => sum + preempted, 0)
        .toFixed(2),
      lockWaitShare: round.lockWaitShare,
      probeWorkMs: round.probeWorkMs,
    })),
  };
}

if (OUTAGE_BACKLOG > 0)
  describe('after an outage', () => {
    let cluster: Awaited<ReturnType<typeof startCluster>> | undefined;

    beforeAll(async () => {
      cluster = await startCluster(1);
    }, 600_000);

    afterAll(() => stopCluster(cluster));

    it(`applies a backlog of ${OUTAGE_BACKLOG} with the worker's memory flat`, async () => {
      const { web, workers } = cluster!;
      const [worker] = workers;
      // Warmed up as the backlogs' worker is, so that the two rates are of the same compiled code.
      await untilApplied(web, await sendAll(web, backlogMessages(WARM_UP, 'outage warm-up')));
      await setPaused(web, true);
      await vacuumIfAutovacuumIsOff(web);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const range = await sendAll(web, backlogMessages(OUTAGE_BACKLOG, 'outage'));
      await setPaused(web, false);
      const resumedAt = Date.now();
      const vacuuming = setInterval(
        () =>
          vacuumIfAutovacuumIsOff(web).catch((error) => console.warn(`vacuum: ${error.message}`)),
        AUTOVACUUM_NAPTIME_MS
      );
      let rssAfterFirstThousand: number | undefined;
      let peakRss = 0;
      const rssByThousands: number[] = [];
      try {
        await untilApplied(web, range, (done) => {
          const rss = rssMb(worker.pid);
          peakRss = Math.max(peakRss, rss);
          if (rssAfterFirstThousand === undefined && done >= FIRST_RSS_AFTER)
            rssAfterFirstThousand = rss;
          while (done >= (rssByThousands.length + 1) * 2000) rssByThousands.push(Math.round(rss));
        });
      } finally {
        clearInterval(vacuuming);
      }
      const endRss = rssMb(worker.pid);
      const drainedAt = Date.now();
      const seconds = await workerSeconds(web, range);
      await new Promise((resolve) => setTimeout(resolve, IDLE_RSS_AFTER_MS));
      const idleRss = rssMb(worker.pid);
      const heapAfterFullGcs = heapAfterFullCollections(worker.pid, resumedAt, drainedAt);
      const heapOnceIdle = heapAfterFullCollections(worker.pid, drainedAt, Date.now());
      outage.push({
        messages: OUTAGE_BACKLOG,
        appliedPerSec: Math.round(OUTAGE_BACKLOG / seconds),
        rssAfterFirstThousandMb: Math.round(rssAfterFirstThousand!),
        rssAtEndMb: Math.round(endRss),
        peakRssMb: Math.round(peakRss),
        rssGrowthMb: Math.round(endRss - rssAfterFirstThousand!),
        rssTarget: endRss - rssAfterFirstThousand! <= 50 ? 'met' : 'NOT met',
        rssEvery2000Mb: rssByThousands.join(' '),
        rssOnceIdleMb: Math.round(idleRss),
        heapAfterFullGcsMb: heapAfterFullGcs.join(' '),
        heapAfterFullGcsOnceIdleMb: heapOnceIdle.join(' '),
        load: loadAverage(),
      });
    }, 1_800_000);
  });
