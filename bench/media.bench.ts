import sharp from 'sharp';
import { eventually, postSigned } from '../tests/helpers/http';
import { rowWithStatus } from '../tests/helpers/inbox';
import { removeStoredFiles, startImageServer } from '../tests/helpers/image-server';
import { startSite, type TestSite } from '../tests/helpers/site';
import { buildLargeSync } from '../scripts/samples.mjs';
import { writeResults } from './results.mjs';

/**
 * An ORGANIZATION_SYNC of 1,000 events with 3 distinct images each (a main image and two
 * additional ones), on a site with media off and on a site with media on: the sync's own time
 * (the inbox row's duration) side by side, and with media on the time until every image is a
 * stored Media Library file. The images come from a local server, made by sharp on request.
 */
const EVENTS = Number(process.env.BENCH_MEDIA_EVENTS ?? 1000);
const IMAGES_PER_EVENT = 3;
const WARM_UP_EVENTS = 50;
const database = process.env.TEST_DATABASE ?? 'sqlite';

type ImageServer = Awaited<ReturnType<typeof startImageServer>>;

/** A distinct picture per prefix and index: a colour of its own, so no two share their bytes. */
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

function syncWithImages(server: ImageServer, events: number, prefix: string) {
  const message = buildLargeSync(events, prefix);
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

async function applyAndTime(site: TestSite, message: unknown) {
  const answer = await postSigned(site.webhookUrl, message, site.token);
  expect(answer.status).toBe(202);
  const row = await eventually(
    () => rowWithStatus(site.strapi, answer.json.data.id, ['processed', 'failed']),
    600_000,
    'the sync'
  );
  expect(row).toMatchObject({ status: 'processed', itemsFailed: 0 });
  return row.durationMs as number;
}

const storedCount = (site: TestSite) =>
  site.strapi.db.query('plugin::stager.media-source').count({ where: { state: 'stored' } });

async function waitUntilStored(site: TestSite, count: number) {
  await eventually(
    async () => (await storedCount(site)) >= count,
    1_800_000,
    `${count} stored images`
  );
}

let server: ImageServer;

beforeAll(async () => {
  const routes: Parameters<typeof startImageServer>[0] = {};
  server = await startImageServer(routes);
  for (const [seed, prefix] of ['warm-off', 'warm-on', 'media-off', 'media-on'].entries()) {
    const total = (prefix.startsWith('warm') ? WARM_UP_EVENTS : EVENTS) * IMAGES_PER_EVENT;
    for (let index = 0; index < total; index++) {
      routes[`/${prefix}/${index}.png`] = (_req, res) => {
        pictureOf(index, seed).then((bytes) => {
          res.writeHead(200, { 'content-type': 'image/png', 'content-length': bytes.length });
          res.end(bytes);
        });
      };
    }
  }
});

afterAll(async () => {
  await server?.stop();
});

it('applies a sync with images as fast with media on as with media off', async () => {
  const off = await startSite({ LOG_LEVEL: 'error', STAGER_MEDIA_ENABLED: 'false' });
  let syncOffMs: number;
  try {
    await applyAndTime(off, syncWithImages(server, WARM_UP_EVENTS, 'warm-off'));
    syncOffMs = await applyAndTime(off, syncWithImages(server, EVENTS, 'media-off'));
  } finally {
    await off.stop();
  }

  const on = await startSite({
    LOG_LEVEL: 'error',
    STAGER_MEDIA_ENABLED: 'true',
    STAGER_MEDIA_ALLOW_PRIVATE_ADDRESSES: 'true',
  });
  try {
    await applyAndTime(on, syncWithImages(server, WARM_UP_EVENTS, 'warm-on'));
    await waitUntilStored(on, WARM_UP_EVENTS * IMAGES_PER_EVENT);
    const started = Date.now();
    const syncOnMs = await applyAndTime(on, syncWithImages(server, EVENTS, 'media-on'));
    await waitUntilStored(on, (WARM_UP_EVENTS + EVENTS) * IMAGES_PER_EVENT);
    const allStoredMs = Date.now() - started;
    const files = await on.strapi.db.query('plugin::upload.file').count({});
    expect(files).toBe((WARM_UP_EVENTS + EVENTS) * IMAGES_PER_EVENT);

    const row = {
      database,
      events: EVENTS,
      images: EVENTS * IMAGES_PER_EVENT,
      syncMediaOffMs: syncOffMs,
      syncMediaOnMs: syncOnMs,
      onToOff: +(syncOnMs / syncOffMs).toFixed(2),
      allStoredMs,
      imagesPerSecond: +((EVENTS * IMAGES_PER_EVENT) / (allStoredMs / 1000)).toFixed(1),
    };
    console.table([row]);
    writeResults(`media-${database}`, { rows: [row] });
  } finally {
    await removeStoredFiles(on.strapi);
    await on.stop();
  }
});
