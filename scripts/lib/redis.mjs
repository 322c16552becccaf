import { createRequire } from 'node:module';
import { onShutdown } from './run.mjs';

const { ensureRedis } = createRequire(import.meta.url)('./redis-server.js');

/**
 * The Redis this run uses (REDIS_URL, or a private one started for it), stopped however the run
 * ends; exits with a one-line message when there is none to be had. Resolves with its URL and a
 * `cleanup` to call before exiting normally.
 */
export async function redisForThisRun() {
  let redis;
  try {
    redis = await ensureRedis();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
  if (redis.private) {
    console.log(
      `No Redis answered at ${process.env.REDIS_URL || 'redis://127.0.0.1:6379'}; started a private one at ${redis.url}.`
    );
  }
  return { url: redis.url, cleanup: onShutdown(() => redis.stop()) };
}
