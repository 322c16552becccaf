import Bull from 'bull';
import type Redis from 'ioredis';
import { createRedisClient, type ClientRole } from './redis-connection';
import { errorMessage } from '../utils/error-message';
import type { QueueCounts } from '../../../shared/contracts/health';

/** Before queues were named by site: the queue every site on a prefix shared. */
export const LEGACY_QUEUE_NAME = 'messages';
/** A site's own queue: sites sharing a Redis and a prefix never see each other's jobs. */
export const queueNameOf = (siteId: string) => `messages-${siteId}`;
const CLOSE_TIMEOUT_MS = 30_000;
const CLOSE_WITHOUT_REDIS_TIMEOUT_MS = 1_000;

export interface JobAttempt {
  number: number;
  isLast: boolean;
  /** The row's replay counter when the job was queued: a job of an earlier replay is stale. */
  replay: number;
}

export type JobHandler = (inboxId: number, attempt: JobAttempt) => Promise<void>;

/** Redis does not answer: the caller leaves the message for the sweeper instead of waiting. */
export class RedisNotConnectedError extends Error {
  override name = 'RedisNotConnectedError';

  constructor() {
    super('Redis is not connected');
  }
}

export class WorkerAlreadyRunningError extends Error {
  override name = 'WorkerAlreadyRunningError';

  constructor() {
    super('the worker is already running');
  }
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface MessageQueueOptions {
  redisUrl: string;
  prefix: string;
  /** The site's identity (see site-identity.ts): it names the queue and is carried by every job. */
  siteId: string;
  attempts: number;
  backoffMs: number;
  lockMs: number;
  log: Logger;
}

/** Each (inbox row, replay) pair is one job, so a row queued twice by accident is processed once. */
const jobIdOf = (inboxId: number, replay: number) => `${inboxId}:${replay}`;

/** Job states in which a job will still be run; a job in another state, or in none, is lost. */
const LIVE_STATES = new Set(['waiting', 'active', 'delayed']);

export interface JobData {
  inboxId: number;
  siteId: string;
}

/**
 * What a job names, or null when it names nothing valid: a job hash left half-written by a Redis
 * that died mid-command has no data, and must never reach the inbox.
 */
export function jobTarget(
  jobId: unknown,
  data: unknown
): { inboxId: number; replay: number; siteId: string } | null {
  const match = /^(\d+):(\d+)$/.exec(String(jobId));
  const { inboxId, siteId } = (data ?? {}) as Partial<JobData>;
  if (
    !match ||
    !Number.isSafeInteger(inboxId) ||
    (inboxId as number) < 1 ||
    String(inboxId) !== match[1]
  )
    return null;
  if (typeof siteId !== 'string' || siteId === '') return null;
  return { inboxId: inboxId as number, replay: Number(match[2]), siteId };
}

/** The only module that knows Bull: jobs carry the inbox id, never the payload. */
export function createMessageQueue({
  redisUrl,
  prefix,
  siteId,
  attempts,
  backoffMs,
  lockMs,
  log,
}: MessageQueueOptions) {
  const clients: Redis[] = [];
  const openQueue = (role: ClientRole) => {
    const queue = new Bull(queueNameOf(siteId), {
      prefix,
      createClient: (type) => {
        const client = createRedisClient(redisUrl, role, type);
        clients.push(client);
        return client;
      },
      // A job whose worker died is found within half the lock's duration once the lock runs out.
      settings: { lockDuration: lockMs, stalledInterval: lockMs / 2, maxStalledCount: 2 },
    });
    reportConnectionChanges(queue, role, log);
    return queue;
  };

  let closing = false;
  const producer = openQueue('producer');
  // Bull connects lazily; connecting now means the first message after boot need not wait for the sweeper.
  const producerClient = producer.client;
  let worker: Bull.Queue | null = null;

  return {
    /** True while the producer's connection to Redis is up. */
    isConnected(): boolean {
      return producerClient.status === 'ready';
    },

    /** The producer's connection, for the cluster's figures (commands fail at once while Redis is down). */
    redisClient(): Redis {
      return producerClient;
    },

    /** Calls `listener` each time the producer's connection to Redis becomes usable. */
    onConnected(listener: () => void): void {
      producerClient.on('ready', listener);
    },

    /** Adds the job, or throws at once when Redis is unreachable. */
    async enqueue(inboxId: number, replay: number): Promise<void> {
      if (producerClient.status !== 'ready') throw new RedisNotConnectedError();
      const data: JobData = { inboxId, siteId };
      await producer.add(data, {
        jobId: jobIdOf(inboxId, replay),
        attempts,
        backoff: { type: 'exponential', delay: backoffMs },
        removeOnComplete: true,
        removeOnFail: 1_000,
      });
    },

    /** Jobs per state in Redis; throws at once when Redis is unreachable. */
    async counts(): Promise<QueueCounts> {
      if (producerClient.status !== 'ready') throw new RedisNotConnectedError();
      const counts = await producer.getJobCounts();
      return {
        waiting: counts.waiting,
        active: counts.active,
        failed: counts.failed,
        delayed: counts.delayed,
      };
    },

    /**
     * True when the row's job will still be run: it is waiting, active or delayed, with its data.
     * A job in no list, failed, or without data is removed, so that queuing the row again makes
     * a new one (Bull ignores adding a job id that exists).
     */
    async hasLiveJob(inboxId: number, replay: number): Promise<boolean> {
      const job = await producer.getJob(jobIdOf(inboxId, replay));
      if (!job) return false;
      if (jobTarget(job.id, job.data) && LIVE_STATES.has(await job.getState())) return true;
      try {
        await job.remove();
        return false;
      } catch {
        // Taken by a worker in the meantime (its lock stops the removal): it is alive after all.
        return true;
      }
    },

    startWorker(concurrency: number, handler: JobHandler): void {
      if (worker) throw new WorkerAlreadyRunningError();
      worker = openQueue('worker');
      ignoreWorkerNameFailure(worker);
      worker
        .process(concurrency, async (job: Bull.Job<JobData>) => {
          const target = jobTarget(job.id, job.data);
          // Finished without a failure: writing one would leave a job hash in no list.
          if (!target)
            return void log.warn(`stager: job ${String(job.id)} names no inbox message; refused`);
          // Never happens with queues named by site; the job goes back to be retried, never dropped.
          if (target.siteId !== siteId)
            throw new Error(`job ${String(job.id)} belongs to another site (${target.siteId})`);
          const number = job.attemptsMade + 1;
          await handler(target.inboxId, {
            number,
            isLast: number >= (job.opts.attempts ?? 1),
            replay: target.replay,
          });
        })
        .catch((error: unknown) => {
          // Closing without Redis ends the worker's loop with a rejection: that is the stop asked for.
          if (!closing) log.error(`stager: the queue worker stopped: ${errorMessage(error)}`);
        });
    },

    /**
     * Stops taking jobs, lets active ones finish (up to 30 s), then closes every connection.
     * Without Redis no job can be finished or taken, so Bull is told to stop without waiting.
     */
    async close(): Promise<void> {
      closing = true;
      const connected = producerClient.status === 'ready';
      const closed = Promise.all([worker?.close(!connected), producer.close(!connected)]);
      const limitMs = connected ? CLOSE_TIMEOUT_MS : CLOSE_WITHOUT_REDIS_TIMEOUT_MS;
      const timeout = new Promise<'timeout'>((resolve) =>
        setTimeout(() => resolve('timeout'), limitMs).unref()
      );
      if ((await Promise.race([closed, timeout])) === 'timeout' && connected) {
        log.warn('stager: the queue did not close within 30 s; disconnecting from Redis');
      }
      for (const client of clients) client.disconnect();
    },
  };
}

export type MessageQueue = ReturnType<typeof createMessageQueue>;

/**
 * Bull names the worker's connection (CLIENT SETNAME, cosmetic) without handling the promise: when
 * the queue closes before that connection was ever made, the rejection is unhandled and ends the
 * process. Naming failures are harmless, so they are ignored.
 */
function ignoreWorkerNameFailure(queue: Bull.Queue): void {
  const named = queue as unknown as { setWorkerName: () => Promise<unknown> };
  const setWorkerName = named.setWorkerName.bind(queue);
  named.setWorkerName = () => setWorkerName().catch(() => undefined);
}

/** One log line when Redis goes away and one when it is back, instead of one per reconnection attempt. */
function reportConnectionChanges(queue: Bull.Queue, role: ClientRole, log: Logger): void {
  let down = false;
  queue.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log.warn(
      `stager: Redis unreachable for the queue ${role} (${error.message}); messages stay in the inbox until it is back`
    );
  });
  queue.client.on('ready', () => {
    if (!down) return;
    down = false;
    log.info(`stager: Redis reachable again for the queue ${role}`);
  });
}
