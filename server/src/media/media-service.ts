import type { Core } from '@strapi/strapi';
import { pluginConfig } from '../config';
import type { Logger } from '../queue/message-queue';
import { errorMessage } from '../utils/error-message';
import { createImageImporter } from './image-importer';
import { createImageLinks } from './image-links';
import { imagesOfMessage, type MessageImage } from './images-of-message';
import { createMediaQueue, type MediaQueue } from './media-queue';
import { createMediaSources } from './media-sources';
import { createOrphanSweep } from './orphan-sweep';

const PENDING_BATCH = 500;
const MIN_SWEEP_MS = 250;
const MAX_SWEEP_MS = 60 * 60 * 1000;

/**
 * Images into the Media Library, after each message is applied and apart from it: images with a
 * file already are linked at once; the others are recorded and queued for the image worker.
 */
export function createMediaService(strapi: Core.Strapi, log: Logger) {
  const config = () => pluginConfig(strapi).media;
  const sources = createMediaSources(strapi);
  const links = createImageLinks(strapi);
  const importImage = createImageImporter(strapi, sources, links, () => config());
  const sweepOrphans = createOrphanSweep(
    strapi,
    sources,
    links,
    () => config().orphanGracePeriodMs
  );
  let queue: MediaQueue | null = null;
  let sweepTimer: NodeJS.Timeout | null = null;
  let sweeping = false;

  async function existingFiles(fileIds: number[]): Promise<Set<number>> {
    if (fileIds.length === 0) return new Set();
    const files = (await strapi.db.query('plugin::upload.file').findMany({
      where: { id: { $in: fileIds } },
      select: ['id'],
    })) as Array<{ id: number }>;
    return new Set(files.map(({ id }) => Number(id)));
  }

  /** Queues the images; while Redis is away they stay pending and are queued when it is back. */
  async function enqueue(images: MessageImage[]): Promise<void> {
    if (!queue || images.length === 0) return;
    try {
      await queue.enqueue(images);
    } catch (error) {
      log.warn(
        `stager: ${images.length} image(s) wait for Redis to be queued: ${errorMessage(error)}`
      );
    }
  }

  async function queuePending(): Promise<void> {
    const pending = await sources.pending(PENDING_BATCH);
    await enqueue(
      pending.map(({ sourceUrl, alt, label }) => ({
        url: sourceUrl,
        alt,
        label: label ?? 'image',
      }))
    );
  }

  async function sweep(): Promise<void> {
    if (sweeping) return;
    sweeping = true;
    try {
      // Images whose queuing failed while Redis answered are queued again (a waiting job is not doubled).
      await queuePending();
      const removed = await sweepOrphans();
      if (removed > 0) log.info(`stager: removed ${removed} unused image file(s)`);
    } catch (error) {
      log.warn(`stager: the check for unused image files failed: ${errorMessage(error)}`);
    } finally {
      sweeping = false;
    }
  }

  return {
    enabled: () => config().enabled,

    start({
      redisUrl,
      prefix,
      siteId,
      worker,
    }: {
      redisUrl: string;
      prefix: string;
      siteId: string;
      worker: boolean;
    }): void {
      const options = config();
      if (!options.enabled) return;
      queue = createMediaQueue({
        redisUrl,
        prefix,
        siteId,
        attempts: options.attempts,
        backoffMs: options.backoffMs,
        log,
      });
      queue.onConnected(() => {
        queuePending().catch((error) =>
          log.warn(`stager: waiting images not queued: ${errorMessage(error)}`)
        );
      });
      if (!worker) return;
      queue.startWorker(options.concurrency, importImage);
      const every = Math.min(
        MAX_SWEEP_MS,
        Math.max(MIN_SWEEP_MS, Math.floor(options.orphanGracePeriodMs / 4))
      );
      sweepTimer = setInterval(() => void sweep(), every);
      sweepTimer.unref();
    },

    /**
     * After a message is applied: links the images it carries whose file is stored, and queues
     * the others. Never throws: the message is applied whatever happens to its images.
     */
    async messageApplied(content: unknown): Promise<void> {
      if (!queue || !config().enabled) return;
      try {
        const images = imagesOfMessage(content);
        if (images.length === 0) return;
        const known = await sources.byUrls(images.map(({ url }) => url));
        const files = await existingFiles(
          [...known.values()].flatMap(({ fileId }) => (fileId === null ? [] : [fileId]))
        );
        const stored = new Map<string, number>();
        const gone: MessageImage[] = [];
        const unknown: MessageImage[] = [];
        const waiting: MessageImage[] = [];
        for (const image of images) {
          const source = known.get(image.url);
          if (!source) unknown.push(image);
          else if (source.state === 'stored' && source.fileId && files.has(source.fileId))
            stored.set(image.url, source.fileId);
          else if (source.state === 'stored' || source.state === 'failed') gone.push(image);
          else waiting.push(image);
        }
        await links.linkStored(stored);
        await sources.addPending(unknown);
        await sources.repending(gone.map(({ url }) => url));
        await enqueue([...unknown, ...gone, ...waiting]);
      } catch (error) {
        log.warn(`stager: images of a message not handled: ${errorMessage(error)}`);
      }
    },

    /** The state of each image URL, for a message's detail page. */
    statesOf: (urls: string[]) => sources.byUrls(urls),

    /** Image jobs not done yet; null while media is off. */
    outstanding: () => queue?.outstanding() ?? Promise.resolve(null),

    sweepOrphans: sweep,

    async stop(): Promise<void> {
      if (sweepTimer) clearInterval(sweepTimer);
      sweepTimer = null;
      await queue?.close();
      queue = null;
    },
  };
}

export type MediaService = ReturnType<typeof createMediaService>;
