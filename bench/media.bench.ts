import sharp from 'sharp';
import { eventually, postSigned } from '../tests/helpers/http';
import { rowWithStatus } from '../tests/helpers/inbox';
import { removeStoredFiles, startImageServer } from '../tests/helpers/image-server';
import { startSite, type TestSite } from '../tests/helpers/site';
import { buildLargeSync } from '../scripts/samples.mjs';
import { writeResults } from './results.mjs';

/**
 * An ORGANIZATION_SYNC of 1,000 events with 3 distinct images each (a main image and two
 * additional ones): the sync's own time (the inbox row's duration) with media off, on, and off
 * again, on one site (`media.enabled` switched between the syncs), and with media on the time
 * until every image is a stored Media Library file. Each sync brings new events and new images;
 * the next sync starts once the files of the last one are stored. The images come from a local
 * server, made by sharp on request.
 */
const EVENTS = Number(process.env.BENCH_MEDIA_EVENTS ?? 1000);
const IMAGES_PER_EVENT = 3;
const WARM_UP_EVENTS = 50;
const database = process.env.TEST_DATABASE ?? 'sqlite';
const SYNCS = ['warm-up', 'media-off-1', 'media-on', 'media-off-2'];

type ImageServer = Awaited<ReturnType<typeof startImageServer>>;

/** A distinct picture per sync and index: a colour of its own, so no two share their bytes. */
const pictureOf = (index: number, seed: number) =>
  sharp({
    create: {
      width: 480,
      height: 320,
      channels: 3,
      background: { r: index % 256, g: Math.floor(index / 256) % 256, b: seed * 60 },
    },
  })
    .png()
    .toBuffer();

const eventsOf = (prefix: string) => (prefix === 'warm-up' ? WARM_UP_EVENTS : EVENTS);

function syncWithImages(server: ImageServer, prefix: string) {
  const message = buildLargeSync(eventsOf(prefix), prefix);
  const { logo: _logo, ...organization } = message.messageContent.organization as Record<
    string,
    unknown
  >;
  const image = (event: number, position: number) => ({
    url: server.url(`/${prefix}/${event * IMAGES_PER_EVENT + position}.png`),
    alt: `Event ${event}, image ${position + 1}`,
  });
  return {
    ...message,
    messageContent: {
      ...message.messageContent,
      organization,
      events: message.messageContent.events.map((event, index) => ({
        ...event,
        publicity: {
          ...event.publicity,
          mainImage: image(index, 0),
          images: [image(index, 1), image(index, 2)],
        },
      })),
    },
  };
}

let server: ImageServer;
let site: TestSite;

async function applyAndTime(prefix: string, mediaEnabled: boolean) {
  site.setOption('media.enabled', mediaEnabled);
  const answer = await postSigned(site.webhookUrl, syncWithImages(server, prefix), site.token);
  expect(answer.status).toBe(202);
  const row = await eventually(
    () => rowWithStatus(site.strapi, answer.json.data.id, ['processed', 'failed']),
    600_000,
    'the sync'
  );
  expect(row).toMatchObject({ status: 'processed', itemsFailed: 0 });
  return row.durationMs as number;
}

const storedCount = () =>
  site.strapi.db.query('plugin::stager.media-source').count({ where: { state: 'stored' } });

async function waitUntilStored(count: number) {
  await eventually(async () => (await storedCount()) >= count, 1_800_000, `${count} stored images`);
}

beforeAll(async () => {
  const routes: Parameters<typeof startImageServer>[0] = {};
  server = await startImageServer(routes);
  for (const [seed, prefix] of SYNCS.entries()) {
    for (let index = 0; index < eventsOf(prefix) * IMAGES_PER_EVENT; index++) {
      routes[`/${prefix}/${index}.png`] = (_req, res) => {
        void pictureOf(index, seed).then((bytes) => {
          res.writeHead(200, { 'content-type': 'image/png', 'content-length': bytes.length });
          res.end(bytes);
        });
      };
    }
  }
  site = await startSite({
    LOG_LEVEL: 'error',
    STAGER_MEDIA_ENABLED: 'true',
    STAGER_MEDIA_ALLOW_PRIVATE_ADDRESSES: 'true',
  });
});

afterAll(async () => {
  if (site) await removeStoredFiles(site.strapi);
  await site?.stop();
  await server?.stop();
});

it('applies a sync with images as fast with media on as with media off', async () => {
  const warmUpImages = WARM_UP_EVENTS * IMAGES_PER_EVENT;
  await applyAndTime('warm-up', true);
  await waitUntilStored(warmUpImages);

  const offBefore = await applyAndTime('media-off-1', false);
  const started = Date.now();
  const on = await applyAndTime('media-on', true);
  await waitUntilStored(warmUpImages + EVENTS * IMAGES_PER_EVENT);
  const allStoredMs = Date.now() - started;
  const offAfter = await applyAndTime('media-off-2', false);

  // Only the syncs with media on made files, one per distinct image.
  expect(await site.strapi.db.query('plugin::upload.file').count({})).toBe(
    warmUpImages + EVENTS * IMAGES_PER_EVENT
  );
  const off = (offBefore + offAfter) / 2;
  const row = {
    database,
    events: EVENTS,
    images: EVENTS * IMAGES_PER_EVENT,
    syncMediaOffMs: [offBefore, offAfter],
    syncMediaOnMs: on,
    onToOff: +(on / off).toFixed(2),
    allStoredMs,
    imagesPerSecond: +((EVENTS * IMAGES_PER_EVENT) / (allStoredMs / 1000)).toFixed(1),
  };
  console.table([row]);
  writeResults(`media-${database}`, { rows: [row] });
});
