import { request } from '../tests/helpers/http';
import { sendAndSettle } from '../tests/helpers/inbox';
import { startSite, type TestSite } from '../tests/helpers/site';
import { ENTITY_UIDS } from '../server/src/store/entity-types';
import { buildLargeSync } from '../scripts/samples.mjs';
import { writeResults } from './results.mjs';

/**
 * GET /api/stager/calendar.ics of 1,000 upcoming events (full events, as the nightly sync brings
 * them): the time to serve the whole feed, and the time of a repeated request answered 304 from
 * its ETag. A 304 must not build the feed again: the bench counts the event reads of each request
 * (the validator's one, and the feed's one only when it is built).
 */
const EVENTS = Number(process.env.BENCH_CALENDAR_EVENTS ?? 1000);
const SAMPLES = Number(process.env.BENCH_CALENDAR_SAMPLES ?? 20);
const database = process.env.TEST_DATABASE ?? 'sqlite';
const DAY = 24 * 60 * 60 * 1000;

let site: TestSite;
let eventReads = 0;

beforeAll(async () => {
  site = await startSite({ LOG_LEVEL: 'error' });
  site.strapi.documents.use(async (context, next) => {
    if (context.uid === ENTITY_UIDS.event && context.action === 'findMany') eventReads++;
    return next();
  });
  const message = buildLargeSync(EVENTS, 'calendar');
  // Upcoming whenever the bench runs: one to 300 days from now.
  message.messageContent.events = message.messageContent.events.map((event, index) => {
    const start = new Date(Date.now() + (1 + (index % 300)) * DAY);
    return {
      ...event,
      start: start.toISOString(),
      end: new Date(start.getTime() + 3 * 3600_000).toISOString(),
    };
  });
  const row = await sendAndSettle(site, message, 600_000);
  expect(row).toMatchObject({ status: 'processed', itemsFailed: 0 });
});

afterAll(async () => {
  await site?.stop();
});

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(headers: Record<string, string> = {}) {
  const reads = eventReads;
  const started = process.hrtime.bigint();
  const answer = await request(`${site.baseUrl}/api/stager/calendar.ics`, {
    method: 'GET',
    headers,
  });
  return {
    answer,
    ms: Number(process.hrtime.bigint() - started) / 1e6,
    reads: eventReads - reads,
  };
}

it('serves the calendar feed of 1,000 events, and a repeat as 304 without building it', async () => {
  const first = await timed();
  expect(first.answer.status).toBe(200);
  expect(first.answer.text.match(/BEGIN:VEVENT/g)).toHaveLength(EVENTS);
  expect(first.reads).toBe(2); // the validator's read and the feed's

  const full: number[] = [];
  const notModified: number[] = [];
  for (let sample = 0; sample < SAMPLES; sample++) {
    const built = await timed();
    expect(built.answer.status).toBe(200);
    full.push(built.ms);
    const repeat = await timed({ 'If-None-Match': built.answer.headers.etag as string });
    expect(repeat.answer.status).toBe(304);
    expect(repeat.reads).toBe(1); // the validator's read only: the feed was not built
    notModified.push(repeat.ms);
  }
  const row = {
    database,
    events: EVENTS,
    feedBytes: Buffer.byteLength(first.answer.text),
    firstMs: +first.ms.toFixed(1),
    fullP50Ms: +median(full).toFixed(1),
    fullMaxMs: +Math.max(...full).toFixed(1),
    notModifiedP50Ms: +median(notModified).toFixed(1),
    notModifiedToFull: +(median(notModified) / median(full)).toFixed(2),
  };
  console.table([row]);
  writeResults(`calendar-${database}`, { rows: [row] });
});
