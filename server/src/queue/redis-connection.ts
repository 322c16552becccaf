import Redis, { type RedisOptions } from 'ioredis';

export type ClientRole = 'producer' | 'worker';

/**
 * ioredis clients for Bull. The producer's commands fail at once while Redis is unreachable
 * (the inbox keeps the message and the sweeper queues it later); the worker's wait for Redis to
 * come back, so a worker started during an outage begins processing when it returns.
 */
export function createRedisClient(url: string, role: ClientRole, bullType: string): Redis {
  const options: RedisOptions =
    role === 'producer' && bullType === 'client'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 2_000 }
      : { maxRetriesPerRequest: null, enableReadyCheck: false };
  return new Redis(url, { ...options, lazyConnect: false });
}
