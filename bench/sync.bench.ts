import { eventually, postSigned } from '../tests/helpers/http';
import { rowWithStatus } from '../tests/helpers/inbox';
import { startSite, type TestSite } from '../tests/helpers/site';
import { ENTITY_UIDS } from '../server/src/store/entity-types';
import { buildLargeSync } from '../scripts/samples.mjs';

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
import { writeResults } from './results.mjs';

/**
 * ORGANIZATION_SYNC of 1,000 and 5,000 full events: first apply, identical re-sync, and a re-sync
 * in which every event changed (a new name, one ticket sold), as the nightly sync mostly is.
 * Measured from the inbox row's own duration (worker time, from pick-up to done).
 */
const SIZES = (process.env.BENCH_SYNC_SIZES ?? '1000,5000').split(',').map(Number);
const database = process.env.TEST_DATABASE ?? 'sqlite';

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
