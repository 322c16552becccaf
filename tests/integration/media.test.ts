import type { Core } from '@strapi/strapi';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { adminSession } from '../helpers/admin';
import { eventually, request } from '../helpers/http';
import { sendAndSettle, type LooseRow } from '../helpers/inbox';
import {
  makeImage,
  removeStoredFiles,
  serveBytes,
  startImageServer,
} from '../helpers/image-server';
import { startSite, type TestSite } from '../helpers/site';
import { DEMO_IMAGES_PATH, demoMediaEnv } from '../../scripts/lib/demo-images.mjs';
import { buildUpdateEvents, exampleEvent } from '../../scripts/samples.mjs';
import { fetchImage } from '../../server/src/media/fetch-image';
import { ACTIONS } from '../../shared/constants';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startPrivateRedis } = require('../../scripts/lib/redis-server.js');

/**
 * Images of the feed into the Media Library, against a local image server: the real upload
 * plugin, the real image queue on Redis, the real database.
 */
jest.setTimeout(120_000);

type ImageServer = Awaited<ReturnType<typeof startImageServer>>;

const MEDIA_ENV = {
  STAGER_MEDIA_ENABLED: 'true',
  STAGER_MEDIA_ALLOW_PRIVATE_ADDRESSES: 'true',
  STAGER_MEDIA_MAX_BYTES: String(1024 * 1024),
  STAGER_MEDIA_TIMEOUT_MS: '1500',
  STAGER_MEDIA_ATTEMPTS: '2',
  STAGER_MEDIA_BACKOFF_MS: '100',
  STAGER_MEDIA_ORPHAN_GRACE_PERIOD_MS: '3000',
};

// The samples' organisation has a logo on a public CDN: these tests use their own images only.
const ORGANIZER = { id: 'org-4512', name: 'Paradiso Noord' };

const image = (url: string, alt = 'Podium') => ({ url, alt, width: 640, height: 480 });
const eventWith = (id: string, name: string, mainImage: unknown, images: unknown[] = []) =>
  exampleEvent({
    id,
    name,
    publicity: { ...exampleEvent().publicity, mainImage, images },
  });
const send = (site: TestSite, events: unknown[]) =>
  sendAndSettle(
    site,
    buildUpdateEvents({ organization: ORGANIZER as never, events: events as never })
  );

const sources = (strapi: Core.Strapi) =>
  strapi.db.query('plugin::stager.media-source').findMany({}) as Promise<LooseRow[]>;
const sourceOf = (strapi: Core.Strapi, url: string) =>
  strapi.db
    .query('plugin::stager.media-source')
    .findOne({ where: { sourceUrl: url } }) as Promise<LooseRow | null>;
const settledSource = (strapi: Core.Strapi, url: string, state = 'stored') =>
  eventually(
    async () => {
      const source = await sourceOf(strapi, url);
      return source?.state === state ? source : null;
    },
    20_000,
    `${url} to be ${state}`
  );
const fileCount = (strapi: Core.Strapi) => strapi.db.query('plugin::upload.file').count({});
const eventOverRest = async (site: TestSite, stagerId: string) => {
  const answer = await request(
    `${site.baseUrl}/api/stager/events?filters[stagerId][$eq]=${stagerId}&populate[mainImage][populate]=media&populate[images][populate]=media`,
    { method: 'GET' }
  );
  expect(answer.status).toBe(200);
  return answer.json.data[0] as LooseRow;
};

/** Runs a script of the repository with Node.js, to its end: its exit code and output. */
function runScript(script: string, args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: path.join(__dirname, '../..'),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('images into the Media Library', () => {
  let server: ImageServer;
  let site: TestSite;
  let png: Buffer;
  let jpeg: Buffer;
  let slowResponses: Array<() => void>;

  beforeAll(async () => {
    png = await makeImage('png', { r: 200, g: 40, b: 40 });
    jpeg = await makeImage('jpeg', { r: 30, g: 90, b: 200 });
    const other = await makeImage('png', { r: 20, g: 160, b: 60 });
    const third = await makeImage('png', { r: 240, g: 200, b: 0 });
    const fourth = await makeImage('jpeg', { r: 90, g: 10, b: 120 });
    slowResponses = [];
    let flakyCalls = 0;
    server = await startImageServer({
      '/main.png': serveBytes(png, 'image/png'),
      '/gallery.jpg': serveBytes(jpeg, 'image/jpeg'),
      '/shared.png': serveBytes(other, 'image/png'),
      '/twin-a.png': serveBytes(third, 'image/png'),
      '/twin-b.png': serveBytes(third, 'image/png'),
      '/before.jpg': serveBytes(fourth, 'image/jpeg'),
      '/after.png': serveBytes(png, 'image/png'),
      '/no-extension': serveBytes(
        await makeImage('jpeg', { r: 5, g: 120, b: 120 }),
        'application/octet-stream'
      ),
      '/not-an-image.png': serveBytes(Buffer.from('<html>not an image</html>'), 'image/png'),
      '/oversized.png': (_req, res) => {
        res.writeHead(200, { 'content-type': 'image/png' });
        // No Content-Length: the limit must hold while the body streams in.
        res.write(png.subarray(0, 16));
        const chunk = Buffer.alloc(64 * 1024);
        for (let sent = 0; sent < 2 * 1024 * 1024; sent += chunk.length) res.write(chunk);
        res.end();
      },
      '/slow.png': (_req, res) => {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.write(png.subarray(0, 16));
        slowResponses.push(() => res.destroy());
      },
      '/flaky.png': (_req, res) => {
        flakyCalls += 1;
        if (flakyCalls === 1) return void res.writeHead(503).end('busy');
        serveBytes(png, 'image/png')(_req, res);
      },
      '/redirect-to-private': (_req, res) => {
        res.writeHead(302, { location: `http://localhost:${server.port}/main.png` }).end();
      },
      '/redirect-to-other-host': (_req, res) => {
        res.writeHead(302, { location: `http://localhost:${server.port}/main.png` }).end();
      },
    });
    site = await startSite(MEDIA_ENV);
  });

  afterAll(async () => {
    for (const close of slowResponses) close();
    if (site) await removeStoredFiles(site.strapi);
    await site?.stop();
    await server?.stop();
  });

  it('stores each image as a Media Library file with formats, alt text and a readable name, read over REST and GraphQL', async () => {
    await send(site, [
      eventWith('media-1', 'Nachtcollege: Sterren & Straten', image(server.url('/main.png')), [
        image(server.url('/gallery.jpg'), 'Zaal'),
      ]),
    ]);
    const stored = await settledSource(site.strapi, server.url('/main.png'));
    await settledSource(site.strapi, server.url('/gallery.jpg'));

    const file = (await site.strapi.db
      .query('plugin::upload.file')
      .findOne({ where: { id: stored.fileId } })) as LooseRow;
    expect(file.name).toBe('nachtcollege-sterren-straten.png');
    expect(file.alternativeText).toBe('Podium');
    expect(file.mime).toBe('image/png');
    expect(Object.keys(file.formats ?? {})).toEqual(expect.arrayContaining(['thumbnail', 'small']));

    const event = await eventually(async () => {
      const entry = await eventOverRest(site, 'media-1');
      return entry.mainImage?.media && entry.images?.[0]?.media ? entry : null;
    });
    expect(event.mainImage.url).toBe(server.url('/main.png'));
    expect(event.mainImage.media.url).toMatch(/^\/uploads\/.+\.png$/);
    expect(event.mainImage.media.formats.thumbnail.url).toMatch(/^\/uploads\/thumbnail_/);
    expect(event.images[0].media.name).toBe('nachtcollege-sterren-straten-2.jpg');
    expect(event.images[0].media.alternativeText).toBe('Zaal');

    const graphql = await request(`${site.baseUrl}/graphql`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ stagerEvents(filters: { stagerId: { eq: "media-1" } }) { mainImage { url media { url formats } } } }`,
      }),
    });
    expect(graphql.json.errors).toBeUndefined();
    expect(graphql.json.data.stagerEvents[0].mainImage.media.url).toBe(event.mainImage.media.url);
  });

  it('takes the extension from the sniffed type, whatever the URL and Content-Type say', async () => {
    await send(site, [
      eventWith('media-ext', 'Zonder extensie', image(server.url('/no-extension'))),
    ]);
    const stored = await settledSource(site.strapi, server.url('/no-extension'));
    const file = (await site.strapi.db
      .query('plugin::upload.file')
      .findOne({ where: { id: stored.fileId } })) as LooseRow;
    expect(file.name).toBe('zonder-extensie.jpg');
    expect(file.mime).toBe('image/jpeg');
  });

  it('fetches a URL shared by two events once, and makes one file of it', async () => {
    const files = await fileCount(site.strapi);
    await send(site, [
      eventWith('media-shared-1', 'Eerste', image(server.url('/shared.png'))),
      eventWith('media-shared-2', 'Tweede', image(server.url('/shared.png'))),
    ]);
    const stored = await settledSource(site.strapi, server.url('/shared.png'));
    const [first, second] = await eventually(async () => {
      const entries = [
        await eventOverRest(site, 'media-shared-1'),
        await eventOverRest(site, 'media-shared-2'),
      ];
      return entries.every((entry) => entry.mainImage?.media) ? entries : null;
    });
    expect(first.mainImage.media.id).toBe(stored.fileId);
    expect(second.mainImage.media.id).toBe(stored.fileId);
    expect(server.requests('/shared.png')).toBe(1);
    expect(await fileCount(site.strapi)).toBe(files + 1);
  });

  it('makes one file of identical bytes under two URLs', async () => {
    await send(site, [eventWith('media-twin-a', 'Twin A', image(server.url('/twin-a.png')))]);
    const a = await settledSource(site.strapi, server.url('/twin-a.png'));
    const files = await fileCount(site.strapi);
    await send(site, [eventWith('media-twin-b', 'Twin B', image(server.url('/twin-b.png')))]);
    const b = await settledSource(site.strapi, server.url('/twin-b.png'));
    expect(b.fileId).toBe(a.fileId);
    expect(b.contentDigest).toBe(a.contentDigest);
    expect(await fileCount(site.strapi)).toBe(files);
    const entry = await eventually(async () => {
      const event = await eventOverRest(site, 'media-twin-b');
      return event.mainImage?.media ? event : null;
    });
    expect(entry.mainImage.media.id).toBe(a.fileId);
  });

  it('fetches nothing when an unchanged message comes again, nor when it is replayed', async () => {
    const message = [eventWith('media-again', 'Opnieuw', image(server.url('/main.png')))];
    const row = await send(site, message);
    await eventually(async () => (await eventOverRest(site, 'media-again')).mainImage?.media);
    const files = await fileCount(site.strapi);
    const fetched = server.requests('/main.png');

    await send(site, message);
    const replay = await site.strapi.plugin('stager').service('runtime').replay(row.id);
    expect(replay.replayed).toBe(true);
    await eventually(async () => {
      const replayed = (await site.strapi.db
        .query('plugin::stager.inbox-message')
        .findOne({ where: { id: row.id } })) as LooseRow;
      return replayed.status === 'processed' && replayed.replays === 1;
    });
    // The image hook runs after each message: wait for the queue to be empty before counting.
    await eventually(
      async () => (await site.strapi.plugin('stager').service('runtime').media.outstanding()) === 0
    );
    expect(server.requests('/main.png')).toBe(fetched);
    expect(await fileCount(site.strapi)).toBe(files);
    expect((await eventOverRest(site, 'media-again')).mainImage.media).toBeTruthy();
  });

  it.each([
    ['a missing image (404)', '/missing.png', /^HTTP 404$/, 1],
    ['a body that is no image', '/not-an-image.png', /not an image/, 1],
    ['a body over media.maxBytes', '/oversized.png', /too large/, 1],
    ['a file:// URL', 'file:///etc/passwd', /only http and https/, 0],
    [
      'a redirect to a host not allowlisted',
      '/redirect-to-other-host',
      /localhost is not in media\.allowedHosts/,
      1,
    ],
  ])(
    'leaves the entry with its url and no media for %s, failed at once with its reason',
    async (_what, path, reason, requests) => {
      site.setOption('media.allowedHosts', path.startsWith('/redirect') ? ['127.0.0.1'] : []);
      const url = path.startsWith('/') ? server.url(path) : path;
      const id = `media-fail-${path.replace(/\W/g, '')}`;
      try {
        await send(site, [eventWith(id, 'Mislukt', image(url))]);
        const source = await settledSource(site.strapi, url, 'failed');
        expect(source.reason).toMatch(reason);
        // No retry for what a retry cannot mend.
        expect(source.attempts).toBe(1);
        if (path.startsWith('/')) expect(server.requests(path)).toBe(requests);
        const entry = await eventOverRest(site, id);
        expect(entry.mainImage.url).toBe(url);
        expect(entry.mainImage.media).toBeNull();
      } finally {
        site.setOption('media.allowedHosts', []);
      }
    }
  );

  it('retries a server error with backoff, and stores the image when it comes', async () => {
    await send(site, [eventWith('media-flaky', 'Wankel', image(server.url('/flaky.png')))]);
    const source = await settledSource(site.strapi, server.url('/flaky.png'));
    expect(source.attempts).toBe(2);
    expect(server.requests('/flaky.png')).toBe(2);
  });

  it('gives up on a server that never finishes after its attempts, with a timeout as reason', async () => {
    await send(site, [eventWith('media-slow', 'Traag', image(server.url('/slow.png')))]);
    const source = await settledSource(site.strapi, server.url('/slow.png'), 'failed');
    expect(source.reason).toBe('timed out after 1500 ms');
    expect(source.attempts).toBe(2);
    expect(server.requests('/slow.png')).toBe(2);
  });

  it('refuses private addresses unless allowPrivateAddresses is set: by address and by name', async () => {
    site.setOption('media.allowPrivateAddresses', false);
    try {
      await send(site, [
        eventWith('media-private-1', 'Privé', image(`http://127.0.0.1:${server.port}/private.png`)),
        eventWith('media-private-2', 'Privé', image(`http://localhost:${server.port}/private.png`)),
      ]);
      const byAddress = await settledSource(
        site.strapi,
        `http://127.0.0.1:${server.port}/private.png`,
        'failed'
      );
      expect(byAddress.reason).toBe(
        'refused: 127.0.0.1 is a private, loopback or link-local address'
      );
      const byName = await settledSource(
        site.strapi,
        `http://localhost:${server.port}/private.png`,
        'failed'
      );
      expect(byName.reason).toMatch(
        /^refused: localhost resolves to (127\.0\.0\.1|::1), a private/
      );
      expect(server.requests('/private.png')).toBe(0);
    } finally {
      site.setOption('media.allowPrivateAddresses', true);
    }
  });

  it('checks each redirect again: an allowed server redirecting to a private address is refused', async () => {
    // Private addresses refused; the image server's own address is allowed by name on the allowlist.
    site.setOption('media.allowPrivateAddresses', false);
    site.setOption('media.allowedHosts', ['127.0.0.1', 'localhost']);
    try {
      await send(site, [
        eventWith('media-hop', 'Omweg', image(server.url('/redirect-to-private'))),
      ]);
      const source = await settledSource(site.strapi, server.url('/redirect-to-private'), 'failed');
      expect(source.reason).toMatch(
        /^refused: localhost resolves to (127\.0\.0\.1|::1), a private/
      );
      expect(source.attempts).toBe(1);
      expect(server.requests('/redirect-to-private')).toBe(1);
    } finally {
      site.setOption('media.allowPrivateAddresses', true);
      site.setOption('media.allowedHosts', []);
    }
  });

  it('shows each image of a message with its state and reason in the message detail', async () => {
    const row = await send(site, [
      eventWith('media-detail', 'Detail', image(server.url('/main.png')), [
        image(server.url('/missing-in-detail.png')),
      ]),
    ]);
    await settledSource(site.strapi, server.url('/missing-in-detail.png'), 'failed');
    const reader = await adminSession(site.strapi, site.baseUrl, [ACTIONS.readHistory]);
    const answer = await reader.call('GET', `/stager/messages/${row.id}`);
    expect(answer.status).toBe(200);
    expect(answer.json.data.images).toEqual([
      expect.objectContaining({ url: server.url('/main.png'), state: 'stored', reason: null }),
      expect.objectContaining({
        url: server.url('/missing-in-detail.png'),
        state: 'failed',
        reason: 'HTTP 404',
        fileId: null,
      }),
    ]);
  });

  it('moves a changed image to its new file and removes the old one after the grace period, never before', async () => {
    await send(site, [eventWith('media-change', 'Wissel', image(server.url('/before.jpg')))]);
    const before = await settledSource(site.strapi, server.url('/before.jpg'));
    await eventually(async () => (await eventOverRest(site, 'media-change')).mainImage?.media);

    await send(site, [eventWith('media-change', 'Wissel', image(server.url('/after.png')))]);
    const afterChange = await eventOverRest(site, 'media-change');
    expect(afterChange.mainImage.url).toBe(server.url('/after.png'));
    // The old file left the component with its URL, and is not removed at once.
    expect(afterChange.mainImage.media?.id ?? null).not.toBe(before.fileId);
    await eventually(
      async () => (await sourceOf(site.strapi, server.url('/before.jpg')))?.orphanedAt
    );
    expect(
      await site.strapi.db.query('plugin::upload.file').findOne({ where: { id: before.fileId } })
    ).not.toBeNull();

    // The sweep removes the file, then its source row: wait for both.
    await eventually(
      async () =>
        !(await site.strapi.db
          .query('plugin::upload.file')
          .findOne({ where: { id: before.fileId } })) &&
        !(await sourceOf(site.strapi, server.url('/before.jpg'))),
      20_000,
      'the unused file and its source row to be removed'
    );
    const after = await eventually(
      async () => (await eventOverRest(site, 'media-change')).mainImage?.media
    );
    expect(after.url).toMatch(/\.png$/);
  });

  it('never removes a file an editor linked elsewhere', async () => {
    await send(site, [eventWith('media-kept', 'Bewaard', image(server.url('/gallery.jpg')))]);
    const source = await settledSource(site.strapi, server.url('/gallery.jpg'));
    // An editor uses the file on an entry of their own: a link of another type in the morph table.
    await site.strapi.db.connection('files_related_mph').insert({
      file_id: source.fileId,
      related_id: 999_999,
      related_type: 'api::page.page',
      field: 'cover',
      order: 1,
    });
    // Every event that used the image now shows another one.
    for (const id of ['media-1', 'media-kept']) {
      await send(site, [eventWith(id, 'Bewaard', image(server.url('/main.png')))]);
    }
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    await site.strapi.plugin('stager').service('runtime').media.sweepOrphans();
    expect(
      await site.strapi.db.query('plugin::upload.file').findOne({ where: { id: source.fileId } })
    ).not.toBeNull();
    expect((await sourceOf(site.strapi, server.url('/gallery.jpg')))?.state).toBe('stored');
  });

  it('keeps one record per URL', async () => {
    const all = await sources(site.strapi);
    expect(new Set(all.map((source) => source.sourceUrl)).size).toBe(all.length);
  });

  // Last in this block: the samples' ORGANIZATION_SYNC removes the organisation's other events.
  it("the demo's path: the simulator's samples take the playground's own images, which end as Media Library files the site serves", async () => {
    // What `npm run demo` sets in the environment, here set on the running site: the importer
    // allows its own loopback address and no other private one.
    const demo = demoMediaEnv({});
    site.setOption('media.allowPrivateAddresses', false);
    site.setOption('media.allowedHosts', demo.STAGER_MEDIA_ALLOWED_HOSTS.split(','));
    try {
      // A process of its own, as `npm run simulate` runs; this process serves the site meanwhile.
      const simulate = await runScript('scripts/simulate.mjs', [
        '--url',
        site.webhookUrl,
        '--token',
        site.token,
      ]);
      expect(simulate.stderr).toBe('');
      expect(simulate.code).toBe(0);
      const images = `${site.baseUrl}${DEMO_IMAGES_PATH}`;
      expect(simulate.stdout).toContain(`images from ${images}/`);

      const imageFiles = readdirSync(path.join(__dirname, '../../playground/public/demo-images'));
      const demoSources = await eventually(
        async () => {
          const stored = (await sources(site.strapi)).filter(
            (source) => source.sourceUrl.startsWith(`${images}/`) && source.state === 'stored'
          );
          return stored.length === imageFiles.length ? stored : null;
        },
        30_000,
        'every demo image to be stored'
      );
      // Every picture of the folder is one the samples use.
      expect(demoSources.map((source) => path.basename(source.sourceUrl)).sort()).toEqual(
        imageFiles.sort()
      );

      const answer = await request(
        `${site.baseUrl}/api/stager/events?populate[mainImage][populate]=media&populate[images][populate]=media&sort=stagerId`,
        { method: 'GET' }
      );
      const events = answer.json.data as LooseRow[];
      expect(events.map((event) => event.stagerId)).toEqual([
        'ev-993271',
        'ev-993272',
        'ev-993274',
      ]);
      const files = events.flatMap((event) => [event.mainImage, ...event.images]);
      expect(files).toHaveLength(5);
      for (const image of files) {
        expect(image.url).toMatch(new RegExp(`^${images}/ev-99327\\d-\\w+\\.jpg$`));
        expect(image.media?.url).toMatch(/^\/uploads\/.+\.jpg$/);
        const served = await fetch(`${site.baseUrl}${image.media.url}`);
        expect(served.status).toBe(200);
        expect(served.headers.get('content-type')).toBe('image/jpeg');
        expect((await served.arrayBuffer()).byteLength).toBeGreaterThan(1000);
      }
    } finally {
      site.setOption('media.allowPrivateAddresses', true);
      site.setOption('media.allowedHosts', []);
    }
  });
});

describe('images waiting while Redis is down', () => {
  let redis: { url: string; start(): Promise<void>; stop(): Promise<void> };
  let server: ImageServer;
  let site: TestSite;
  const held: Array<() => void> = [];

  beforeAll(async () => {
    const png = await makeImage('png', { r: 10, g: 10, b: 10 });
    server = await startImageServer({
      '/held-1.png': (req, res) => held.push(() => serveBytes(png, 'image/png')(req, res)),
      '/held-2.png': serveBytes(png, 'image/png'),
      '/held-3.png': serveBytes(await makeImage('png', { r: 250, g: 250, b: 250 }), 'image/png'),
    });
    redis = await startPrivateRedis();
    site = await startSite({
      ...MEDIA_ENV,
      STAGER_MEDIA_CONCURRENCY: '1',
      STAGER_MEDIA_TIMEOUT_MS: '30000',
      REDIS_URL: redis.url,
    });
  });

  afterAll(async () => {
    for (const release of held) release();
    if (site) await removeStoredFiles(site.strapi);
    await site?.stop();
    await redis?.stop();
    await server?.stop();
  });

  it('stores every image once Redis is back, though Redis lost the waiting jobs', async () => {
    await send(site, [
      eventWith('redis-1', 'Een', image(server.url('/held-1.png')), [
        image(server.url('/held-2.png')),
        image(server.url('/held-3.png')),
      ]),
    ]);
    // The first download is under way and the others wait in Redis when it goes away.
    await eventually(async () => held.length > 0);
    await redis.stop();
    for (const release of held.splice(0)) release();
    await redis.start();
    for (const path of ['/held-1.png', '/held-2.png', '/held-3.png'])
      await settledSource(site.strapi, server.url(path));
    const entry = await eventually(async () => {
      const event = await eventOverRest(site, 'redis-1');
      return event.mainImage?.media && event.images.every((item: LooseRow) => item.media)
        ? event
        : null;
    }, 30_000);
    expect(entry.images).toHaveLength(2);
  });
});

describe('the fetch policy on its own', () => {
  const local = {
    allowPrivateAddresses: true,
    allowedHosts: [],
    maxBytes: 1024,
    timeoutMs: 2000,
    maxRedirects: 3,
  };
  let server: ImageServer;

  beforeAll(async () => {
    server = await startImageServer({
      '/loop': (_req, res) => res.writeHead(302, { location: '/loop' }).end(),
      '/declared-too-large': (_req, res) => {
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': 5000 });
        res.end(Buffer.alloc(5000));
      },
      '/busy': (_req, res) => res.writeHead(503).end('busy'),
      '/too-many': (_req, res) => res.writeHead(429).end('slow down'),
    });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('follows at most maxRedirects redirects', async () => {
    await expect(fetchImage(server.url('/loop'), local)).rejects.toMatchObject({
      retryable: false,
      message: 'too many redirects (more than 3)',
    });
    expect(server.requests('/loop')).toBe(4);
  });

  it('refuses a body whose declared length is over maxBytes before reading it', async () => {
    await expect(fetchImage(server.url('/declared-too-large'), local)).rejects.toMatchObject({
      retryable: false,
      message: 'too large: 5000 bytes, more than media.maxBytes (1024)',
    });
  });

  it('says a retry can help after a server error or a 429, and not after a 404', async () => {
    await expect(fetchImage(server.url('/busy'), local)).rejects.toMatchObject({
      retryable: true,
      message: 'HTTP 503',
    });
    await expect(fetchImage(server.url('/too-many'), local)).rejects.toMatchObject({
      retryable: true,
      message: 'HTTP 429',
    });
    await expect(fetchImage(server.url('/nothing-here'), local)).rejects.toMatchObject({
      retryable: false,
      message: 'HTTP 404',
    });
  });

  it('refuses a file:// URL and an invalid URL without any request', async () => {
    const policy = {
      allowPrivateAddresses: false,
      allowedHosts: [],
      maxBytes: 1024,
      timeoutMs: 1000,
      maxRedirects: 3,
    };
    await expect(fetchImage('file:///etc/passwd', policy)).rejects.toMatchObject({
      retryable: false,
      message: 'refused: only http and https URLs are fetched, not file:',
    });
    await expect(fetchImage('not a url', policy)).rejects.toMatchObject({ retryable: false });
    await expect(fetchImage('http://[::ffff:127.0.0.1]:9/x.png', policy)).rejects.toMatchObject({
      retryable: false,
      message: 'refused: ::ffff:7f00:1 is a private, loopback or link-local address',
    });
  });
});
