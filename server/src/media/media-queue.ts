import Bull from 'bull';
import type Redis from 'ioredis';
import { createRedisClient, type ClientRole } from '../queue/redis-connection';
import type { Logger } from '../queue/message-queue';
import { errorMessage } from '../utils/error-message';
import { urlHashOf } from './media-sources';
import type { MessageImage } from './images-of-message';

/** A site's own image queue, beside its message queue on the same Redis and prefix. */
export const mediaQueueNameOf = (siteId: string) => `media-${siteId}`;
const CLOSE_TIMEOUT_MS = 10_000;

export interface ImageJob extends MessageImage {
  siteId: string;
}

export interface ImageAttempt {
  number: number;
  isLast: boolean;
}

/** Handles one image; throws when Bull should try again later. */
export type ImageHandler = (image: MessageImage, attempt: ImageAttempt) => Promise<void>;

export interface MediaQueueOptions {
  redisUrl: string;
  prefix: string;
  siteId: string;
  attempts: number;
  backoffMs: number;
  log: Logger;
}

/**
 * The image downloads' own Bull queue: one job per URL (a URL already waiting is not queued
 * twice), its own concurrency, so that downloads never hold up the messages' worker.
 */
export function createMediaQueue({
  redisUrl,
  prefix,
  siteId,
  attempts,
  backoffMs,
  log,
}: MediaQueueOptions) {
  const clients: Redis[] = [];
  const openQueue = (role: ClientRole) =>
    new Bull(mediaQueueNameOf(siteId), {
      prefix,
      createClient: (type) => {
        const client = createRedisClient(redisUrl, role, type);
        clients.push(client);
        return client;
      },
    }).on('error', () => undefined); // The message queue already reports Redis going away.

  const producer = openQueue('producer');
  const producerClient = producer.client;
  let worker: Bull.Queue | null = null;
  let closing = false;

  return {
    isConnected: () => producerClient.status === 'ready',

    onConnected(listener: () => void): void {
      producerClient.on('ready', listener);
    },

    /** Queues a download per image; throws at once while Redis is unreachable. */
    async enqueue(images: MessageImage[]): Promise<void> {
      if (producerClient.status !== 'ready') throw new Error('Redis is not connected');
      await producer.addBulk(
        images.map((image) => ({
          data: { ...image, siteId } satisfies ImageJob,
          opts: {
            jobId: `image:${urlHashOf(image.url)}`,
            attempts,
            backoff: { type: 'exponential', delay: backoffMs },
            removeOnComplete: true,
            removeOnFail: true,
          },
        }))
      );
    },

    /** Jobs waiting, running or delayed: zero once every image is handled. */
    async outstanding(): Promise<number> {
      const counts = await producer.getJobCounts();
      return counts.waiting + counts.active + counts.delayed;
    },

    startWorker(concurrency: number, handler: ImageHandler): void {
      worker = openQueue('worker');
      worker
        .process(concurrency, async (job: Bull.Job<ImageJob>) => {
          const { url, alt, label, siteId: jobSite } = job.data ?? ({} as Partial<ImageJob>);
          if (typeof url !== 'string' || jobSite !== siteId) return;
          const number = job.attemptsMade + 1;
          await handler(
            { url, alt: alt ?? null, label: label ?? 'image' },
            { number, isLast: number >= (job.opts.attempts ?? 1) }
          );
        })
        .catch((error: unknown) => {
          if (!closing) log.error(`stager: the image worker stopped: ${errorMessage(error)}`);
        });
    },

    async close(): Promise<void> {
      closing = true;
      const connected = producerClient.status === 'ready';
      const closed = Promise.all([worker?.close(!connected), producer.close(!connected)]);
      const timeout = new Promise((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref());
      await Promise.race([closed, timeout]);
      for (const client of clients) client.disconnect();
    },
  };
}

export type MediaQueue = ReturnType<typeof createMediaQueue>;
