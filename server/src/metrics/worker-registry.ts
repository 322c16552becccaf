import { hostname } from 'node:os';
import type Redis from 'ioredis';
import type { WorkerInstance } from '../../../shared/contracts/health';

const BEAT_EVERY_MS = 5_000;
/** A worker unseen for this long has stopped, or lost Redis: it is left out, and its entry removed. */
export const WORKER_GONE_AFTER_MS = 30_000;

interface Beat {
  concurrency: number;
  seenAt: number;
}

/**
 * The site's instances that run a queue worker, seen through Redis: each one notes itself under
 * the site's key every few seconds, so that any instance (a web-only one too) can name them.
 */
export function createWorkerRegistry(
  redis: () => { client: Redis; key: string } | null,
  instanceName = `${hostname()}:${process.pid}`
) {
  let timer: NodeJS.Timeout | null = null;
  let concurrency = 0;

  const target = () => {
    const site = redis();
    return site && site.client.status === 'ready'
      ? { client: site.client, key: `${site.key}:workers` }
      : null;
  };

  async function beat(): Promise<void> {
    const site = target();
    if (!site) return;
    const value: Beat = { concurrency, seenAt: Date.now() };
    // Redis went away: the next beat notes it again.
    await site.client.hset(site.key, instanceName, JSON.stringify(value)).catch(() => undefined);
  }

  return {
    /** Notes this instance as a worker of `workerConcurrency` jobs, now and every few seconds. */
    start(workerConcurrency: number): void {
      concurrency = workerConcurrency;
      void beat();
      timer = setInterval(() => void beat(), BEAT_EVERY_MS);
      timer.unref();
    },

    /** Notes this instance again at once (e.g. when Redis is back). */
    beat(): Promise<void> {
      return timer ? beat() : Promise.resolve();
    },

    /** Removes this instance's note (on shutdown). */
    async stop(): Promise<void> {
      if (!timer) return;
      clearInterval(timer);
      timer = null;
      const site = target();
      await site?.client.hdel(site.key, instanceName).catch(() => undefined);
    },

    /** The workers seen lately, by name. Throws while Redis is unreachable. */
    async list(): Promise<WorkerInstance[]> {
      const site = target();
      if (!site) throw new Error('Redis is not connected');
      const now = Date.now();
      const seen: WorkerInstance[] = [];
      const gone: string[] = [];
      for (const [name, value] of Object.entries(await site.client.hgetall(site.key))) {
        const note = JSON.parse(value) as Beat;
        if (now - note.seenAt > WORKER_GONE_AFTER_MS) gone.push(name);
        else
          seen.push({
            name,
            concurrency: note.concurrency,
            lastSeenAt: new Date(note.seenAt).toISOString(),
            thisInstance: name === instanceName,
          });
      }
      if (gone.length > 0) await site.client.hdel(site.key, ...gone).catch(() => undefined);
      return seen.sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}

export type WorkerRegistry = ReturnType<typeof createWorkerRegistry>;
