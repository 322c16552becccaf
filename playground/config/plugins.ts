import type { Core } from '@strapi/strapi';
import path from 'path';

// The plugin's root (this repository): three levels up from the compiled dist/config that the
// server loads, two from the config/ that `strapi build` reads when it bundles the admin.
const pluginRoot = path.resolve(
  __dirname,
  ...(path.basename(path.dirname(__dirname)) === 'dist' ? ['..', '..', '..'] : ['..', '..'])
);

export default ({ env }: Core.Config.Shared.ConfigParams) => ({
  'users-permissions': {
    config: { jwtSecret: env('JWT_SECRET', 'playground-users-permissions-jwt-secret') },
  },
  graphql: {
    enabled: true,
    config: { defaultLimit: 25, maxLimit: 100, depthLimit: 10, landingPage: false },
  },
  stager: {
    enabled: true,
    resolve: pluginRoot,
    config: {
      authToken: env('STAGER_AUTH_TOKEN', 'stager-mock-token-change-me'),
      concurrency: env.int('STAGER_CONCURRENCY', 8),
      sweepIntervalMs: env.int('STAGER_SWEEP_INTERVAL_MS', 5000),
      backoffMs: env.int('STAGER_BACKOFF_MS', 2000),
      attempts: env.int('STAGER_ATTEMPTS', 5),
      jobLockMs: env.int('STAGER_JOB_LOCK_MS', 60000),
      // STAGER_MEDIA_ENABLED, STAGER_MEDIA_ALLOW_PRIVATE_ADDRESSES and STAGER_MEDIA_ALLOWED_HOSTS
      // are read by the plugin's own defaults, which refuse a value that is not true or false.
      media: {
        concurrency: env.int('STAGER_MEDIA_CONCURRENCY', 2),
        maxBytes: env.int('STAGER_MEDIA_MAX_BYTES', 20 * 1024 * 1024),
        timeoutMs: env.int('STAGER_MEDIA_TIMEOUT_MS', 30000),
        attempts: env.int('STAGER_MEDIA_ATTEMPTS', 5),
        backoffMs: env.int('STAGER_MEDIA_BACKOFF_MS', 5000),
        orphanGracePeriodMs: env.int(
          'STAGER_MEDIA_ORPHAN_GRACE_PERIOD_MS',
          7 * 24 * 60 * 60 * 1000
        ),
      },
    },
  },
});
