import os from 'node:os';
import { eventually, postSigned } from '../tests/helpers/http';
import { rowWithStatus } from '../tests/helpers/inbox';
import { startSite, type TestSite } from '../tests/helpers/site';
import { ENTITY_UIDS } from '../server/src/store/entity-types';
import { buildLargeSync } from '../scripts/samples.mjs';
import { startProcessSite, type ProcessSite } from './process-site';
import { writeResults } from './results.mjs';

/** The same sync a day later: every event renamed, one ticket of each sold. */
function everyEventChanged(message: ReturnType<typeof buildLargeSync>) {
  const events = message.messageContent.events.map((event) => {
    const [first, ...others] = event.ticketTypes;
    return {
      ...event,
      name: `${event.name}, changed`,
      ticketTypes: [{ ...first, available: first.available - 1 }, ...others],
    };
  });
  return { ...message, messageContent: { ...message.messageContent, events } };
}

/**
 * ORGANIZATION_SYNC of 1,000 and 5,000 full events: first apply, identical re-sync, and a re-sync
 * in which every event changed (a new name, one ticket sold), as the nightly sync mostly is.
 * Measured from the inbox row's own duration (worker time, from pick-up to done).
 */
const SIZES = (process.env.BENCH_SYNC_SIZES ?? '1000,5000').split(',').map(Number);
const database = process.env.TEST_DATABASE ?? 'sqlite';
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe('one site', () => {
  let site: TestSite;

  beforeAll(async () => {
    site = await startSite({ LOG_LEVEL: 'error' });
  });

  afterAll(async () => {
    await site?.stop();
  });

  async function applyAndTime(message: unknown) {
    const body = Buffer.from(JSON.stringify(message));
    const answer = await postSigned(site.webhookUrl, body, site.token);
    expect(answer.status).toBe(202);
    const row = await eventually(
      () => rowWithStatus(site.strapi, answer.json.data.id, ['processed', 'failed']),
      600_000,
      'the sync'
    );
    expect(row).toMatchObject({ status: 'processed', itemsFailed: 0 });
    return { ms: row.durationMs as number, bytes: body.length };
  }

  const updatedAtSnapshot = async () =>
    JSON.stringify(
      await site.strapi.db
        .query(ENTITY_UIDS.event as never)
        .findMany({ select: ['id', 'updatedAt'], orderBy: { id: 'asc' } })
    );

  it('applies ORGANIZATION_SYNC', async () => {
    const rows = [];
    for (const size of SIZES) {
      const message = buildLargeSync(size, `bench-${size}`);
      const first = await applyAndTime(message);
      const before = await updatedAtSnapshot();
      const again = await applyAndTime(message);
      // The identical re-sync must write nothing.
      expect(await updatedAtSnapshot()).toBe(before);
      const changed = await applyAndTime(everyEventChanged(message));
      expect(await updatedAtSnapshot()).not.toBe(before);
      rows.push({
        database,
        events: size,
        payloadMB: +(first.bytes / 1e6).toFixed(1),
        firstApplyMs: first.ms,
        identicalResyncMs: again.ms,
        changedResyncMs: changed.ms,
        changedToFirst: +(changed.ms / first.ms).toFixed(2),
      });
    }
    console.table(rows);
    writeResults(`sync-${database}`, { rows });
  });

  /** The same sync with every event renamed again: a change each time it is sent with a new `round`. */
  function renamed(message: ReturnType<typeof buildLargeSync>, round: number) {
    const events = message.messageContent.events.map((event) => ({
      ...event,
      name: `${event.name}, round ${round}`,
    }));
    return { ...message, messageContent: { ...message.messageContent, events } };
  }

  /** Rounds of the changed sync with the change record on, and as many with it off, taken in turn. */
  const RECORD_ROUNDS = 3;

  it('applies a changed ORGANIZATION_SYNC with the change record on and off', async () => {
    const size = SIZES[0];
    const message = buildLargeSync(size, `record-${size}`);
    await applyAndTime(message);
    // A first change, not counted: the first of a run pays for warming up, whichever mode it is in.
    let round = 0;
    await applyAndTime(renamed(message, ++round));
    const times: Record<'on' | 'off', number[]> = { on: [], off: [] };
    try {
      for (let turn = 0; turn < RECORD_ROUNDS; turn++) {
        for (const mode of turn % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
          site.setOption('changeRecord', { enabled: mode === 'on' });
          times[mode].push((await applyAndTime(renamed(message, ++round))).ms);
        }
      }
    } finally {
      site.setOption('changeRecord', { enabled: true });
    }
    const row = {
      database,
      events: size,
      recordOnMs: median(times.on),
      recordOffMs: median(times.off),
      onToOff: +(median(times.on) / median(times.off)).toFixed(2),
      rounds: RECORD_ROUNDS,
    };
    console.table([row]);
    writeResults(`change-record-${database}`, { rows: [row], samples: times });
  });
});

/**
 * The same syncs on a site whose synced types have two locales (`i18n.enabled`, Stager's text in
 * `nl` beside the default `en`) and on one without locales, each a playground in a process of its
 * own (the switch is read at start). Each round is a first apply of a new organisation's sync and
 * the re-sync in which every event changed, on one site and then the other, the order swapped
 * every round; the first round of each is not counted.
 */
describe('two sites, i18n on with two locales and off', () => {
  const I18N_ROUNDS = Number(process.env.BENCH_I18N_ROUNDS ?? 3);
  const sites: Partial<Record<'on' | 'off', ProcessSite>> = {};
  const loadAverage = () => os.loadavg().map((load) => +load.toFixed(2));

  beforeAll(async () => {
    sites.on = await startProcessSite({
      LOG_LEVEL: 'error',
      STAGER_I18N_ENABLED: 'true',
      STAGER_I18N_SOURCE_LOCALE: 'nl',
    });
    sites.off = await startProcessSite({ LOG_LEVEL: 'error' });
  });

  afterAll(async () => {
    await sites.on?.stop();
    await sites.off?.stop();
  });

  /** Applies a new organisation's sync, then the same with every event changed; their times. */
  async function firstAndChanged(mode: 'on' | 'off', prefix: string) {
    const site = sites[mode]!;
    const message = buildLargeSync(SIZES[0], prefix);
    const first = await site.applyAndTime(message);
    const changed = await site.applyAndTime(everyEventChanged(message));
    // Every event in every locale of the site.
    for (const locale of mode === 'on' ? ['nl', 'en'] : [undefined])
      expect(await site.eventCount(`${prefix}-`, locale)).toBe(SIZES[0]);
    return { first, changed };
  }

  it('applies ORGANIZATION_SYNC with i18n on and off', async () => {
    const size = SIZES[0];
    await firstAndChanged('on', 'warm-up');
    await firstAndChanged('off', 'warm-up');
    const loadBefore = loadAverage();
    const samples: Record<'on' | 'off', { first: number[]; changed: number[] }> = {
      on: { first: [], changed: [] },
      off: { first: [], changed: [] },
    };
    for (let round = 0; round < I18N_ROUNDS; round++) {
      for (const mode of round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        const { first, changed } = await firstAndChanged(mode, `i18n-${round}`);
        samples[mode].first.push(first);
        samples[mode].changed.push(changed);
      }
    }
    const loadAfter = loadAverage();
    const ratio = (phase: 'first' | 'changed') =>
      +(median(samples.on[phase]) / median(samples.off[phase])).toFixed(2);
    const row = {
      database,
      events: size,
      locales: 2,
      firstOnMs: median(samples.on.first),
      firstOffMs: median(samples.off.first),
      firstOnToOff: ratio('first'),
      changedOnMs: median(samples.on.changed),
      changedOffMs: median(samples.off.changed),
      changedOnToOff: ratio('changed'),
      rounds: I18N_ROUNDS,
    };
    console.table([row]);
    console.log(
      `load average (1, 5, 15 min): before ${loadBefore.join(' ')}, after ${loadAfter.join(' ')}`
    );
    writeResults(`i18n-${database}`, {
      rows: [row],
      samples,
      loadAverage: { before: loadBefore, after: loadAfter },
    });
  }, 1_800_000);
});
