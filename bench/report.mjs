#!/usr/bin/env node
// Reads the figures in bench/results/ and prints each target beside what was measured, met or not;
// writes the same as bench/results/summary.json. The figures themselves are printed by the
// benchmarks that measure them.
import { readResults, SMOKE, writeResults } from './results.mjs';

const DATABASES = ['sqlite', 'postgres'];
const ingest = readResults('ingest-sqlite');
const syncs = DATABASES.map((database) => readResults(`sync-${database}`)).filter(Boolean);
const sync = readResults('sync-sqlite');
const workers = DATABASES.map((database) => ({
  database,
  result: readResults(`worker-${database}`),
})).filter(({ result }) => result);
/**
 * Targets of a change to existing events, by database. PostgreSQL's rate is judged on the backlog
 * over 20 organisations (cluster-backlog-postgres), this one being of a single organisation.
 */
const UPDATE_TARGETS = {
  sqlite: { appliedPerSec: 150, p50Ms: 50 },
  postgres: { appliedPerSec: null, p50Ms: 100 },
};

const round = (value, digits = 2) =>
  value === undefined || value === null ? null : +value.toFixed(digits);
const server = (name) => ingest?.servers.find((entry) => entry.name === name);
const size = (name, label) => server(name)?.sizes.find((entry) => entry.label === label);

function target(measure, value, limit, meets, unit = '') {
  return {
    measure,
    measured: value === null || value === undefined ? 'not measured' : `${value}${unit}`,
    target: limit,
    met: value === null || value === undefined ? '-' : meets(value) ? 'met' : 'NOT met',
  };
}

const ingestPostgres = readResults('ingest-postgres');
const sizeOnPostgres = (name) =>
  ingestPostgres?.servers
    .find((entry) => entry.name === name)
    ?.sizes.find((entry) => entry.label === '1MB');
const plugin1 = size('plugin', '1MB');
const baseline1 = size('baseline', '1MB');
const handwritten1 = size('handwritten', '1MB');
const syncRow = (events) => sync?.rows.find((row) => row.events === events);
const targets = [
  target(
    '1 MB throughput, plugin ÷ bare-Node baseline',
    round(plugin1 && baseline1 && plugin1.requestsPerSecond / baseline1.requestsPerSecond),
    '≥ 0.6',
    (v) => v >= 0.6,
    '×'
  ),
  target(
    '1 MB throughput, plugin ÷ bare-Node baseline (PostgreSQL)',
    round(
      sizeOnPostgres('plugin') &&
        sizeOnPostgres('baseline') &&
        sizeOnPostgres('plugin').requestsPerSecond / sizeOnPostgres('baseline').requestsPerSecond
    ),
    '≥ 0.6',
    (v) => v >= 0.6,
    '×'
  ),
  target(
    '1 MB throughput, plugin ÷ hand-written route',
    round(plugin1 && handwritten1 && plugin1.requestsPerSecond / handwritten1.requestsPerSecond),
    '≥ 2',
    (v) => v >= 2,
    '×'
  ),
  target(
    'p99 ingest latency at 50 messages/s of 1 MB',
    plugin1?.latencyMs.p99,
    '≤ 100 ms',
    (v) => v <= 100,
    ' ms'
  ),
  target(
    'unsigned 10 MB body rejected (median)',
    round(server('plugin')?.unsignedRejection.ms.p50),
    '≤ 5 ms',
    (v) => v <= 5,
    ' ms'
  ),
  target(
    'peak RSS above idle, 4 concurrent 25 MB messages',
    round(server('plugin')?.memory.aboveIdleMb, 0),
    '≤ 400 MB',
    (v) => v <= 400,
    ' MB'
  ),
  target(
    'signed throughput during 1,000 unsigned requests',
    round(server('plugin')?.unsignedBurst.ratio),
    '≥ 0.8 × alone',
    (v) => v >= 0.8,
    '×'
  ),
  target(
    'ORGANIZATION_SYNC of 1,000 events, first apply (SQLite)',
    round(syncRow(1000) && syncRow(1000).firstApplyMs / 1000),
    '≤ 5 s',
    (v) => v <= 5,
    ' s'
  ),
  target(
    'ORGANIZATION_SYNC of 1,000 events, identical re-sync (SQLite)',
    round(syncRow(1000) && syncRow(1000).identicalResyncMs / 1000),
    '≤ 1 s',
    (v) => v <= 1,
    ' s'
  ),
  ...syncs.flatMap((result) =>
    result.rows.map((row) =>
      target(
        `ORGANIZATION_SYNC of ${row.events} events, every event changed ÷ first apply (${row.database})`,
        row.changedToFirst,
        '≤ 2×',
        (v) => v <= 2,
        '×'
      )
    )
  ),
  ...workers.flatMap(({ database, result }) => {
    const row = (measure) => result.rows.find((entry) => entry.measure.startsWith(measure));
    const created = row('POST → REST, new event');
    const changed = row('POST → REST, changed event');
    const stream = row('update stream');
    const goals = UPDATE_TARGETS[database];
    return [
      target(
        `a new event from POST to REST, p50 (${database})`,
        created?.p50Ms,
        '≤ 250 ms',
        (v) => v <= 250,
        ' ms'
      ),
      target(
        `a changed event from POST to REST, p50 (${database})`,
        changed?.p50Ms,
        `≤ ${goals.p50Ms} ms`,
        (v) => v <= goals.p50Ms,
        ' ms'
      ),
      goals.appliedPerSec === null
        ? {
            measure: `one-event updates to events of one organisation, applied per second from a backlog (${database})`,
            measured: `${stream?.backlogAppliedPerSec}/s`,
            target: 'reported, no target',
            met: '-',
          }
        : target(
            `one-event updates to existing events, applied per second from a backlog (${database})`,
            stream?.backlogAppliedPerSec,
            `≥ ${goals.appliedPerSec}`,
            (v) => v >= goals.appliedPerSec,
            '/s'
          ),
      {
        measure: `the same, applied per second while they are sent, answered ${stream?.answeredDuringPerSec}/s (${database})`,
        measured: `${stream?.appliedPerSec}/s`,
        target: 'reported, no target',
        met: '-',
      },
    ];
  }),
];

for (const database of DATABASES) {
  const record = readResults(`change-record-${database}`)?.rows[0];
  if (!record) continue;
  targets.push(
    target(
      `ORGANIZATION_SYNC of ${record.events} events, every event changed, change record on ÷ off (${database})`,
      record.onToOff,
      '≤ 1.15×',
      (v) => v <= 1.15,
      '×'
    )
  );
}

for (const database of DATABASES) {
  const i18n = readResults(`i18n-${database}`)?.rows[0];
  if (!i18n) continue;
  for (const [phase, ratio] of [
    ['first apply', i18n.firstOnToOff],
    ['every event changed', i18n.changedOnToOff],
  ])
    targets.push(
      target(
        `ORGANIZATION_SYNC of ${i18n.events} events, ${phase}, ${i18n.locales} locales ÷ i18n off (${database})`,
        ratio,
        '≤ 1.6×',
        (v) => v <= 1.6,
        '×'
      )
    );
}

for (const database of DATABASES) {
  const media = readResults(`media-${database}`)?.rows[0];
  if (!media) continue;
  targets.push(
    target(
      `ORGANIZATION_SYNC of ${media.events} events with ${media.images} images, media on ÷ off (${database})`,
      media.onToOff,
      '≤ 1.1×',
      (v) => v <= 1.1,
      '×'
    ),
    {
      measure: `every one of the ${media.images} images stored, from the sync's POST (${database})`,
      measured: `${round(media.allStoredMs / 1000, 1)} s`,
      target: 'reported, no target',
      met: '-',
    }
  );
}

for (const database of DATABASES) {
  const calendar = readResults(`calendar-${database}`)?.rows[0];
  if (!calendar) continue;
  targets.push(
    {
      measure: `calendar feed of ${calendar.events} upcoming events, served (p50, ${database})`,
      measured: `${calendar.fullP50Ms} ms`,
      target: 'reported, no target',
      met: '-',
    },
    {
      measure: `the same feed requested again, answered 304 without building it (p50, ${database})`,
      measured: `${calendar.notModifiedP50Ms} ms (${calendar.notModifiedToFull}×)`,
      target: 'reported, no target',
      met: '-',
    }
  );
}

const cluster = readResults('cluster-postgres');
if (cluster) {
  const rate = (workers, measure) =>
    cluster.rows.find((row) => row.workers === workers && row.measure.startsWith(measure))
      ?.appliedPerSec;
  console.log('\nA second worker instance (PostgreSQL): messages applied per second');
  console.table(
    ['stream', '4 syncs'].map((measure) => ({
      measure,
      oneWorker: rate(1, measure) ?? null,
      twoWorkers: rate(2, measure) ?? null,
      ratio:
        rate(1, measure) && rate(2, measure)
          ? +(rate(2, measure) / rate(1, measure)).toFixed(2)
          : null,
    }))
  );
}

for (const entry of readResults('cluster-backlog-postgres')?.targets ?? [])
  targets.push({ ...entry, measure: `backlog over 20 organisations (postgres): ${entry.measure}` });

console.log(
  SMOKE ? '\nTargets (a smoke run: these figures are too small to judge anything)' : '\nTargets'
);
console.table(targets);
writeResults('summary', { targets });
