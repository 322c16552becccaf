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
      concurrency: env.int('STAGER_CONCURRENCY', 2),
      sweepIntervalMs: env.int('STAGER_SWEEP_INTERVAL_MS', 5000),
      backoffMs: env.int('STAGER_BACKOFF_MS', 2000),
      attempts: env.int('STAGER_ATTEMPTS', 5),
      jobLockMs: env.int('STAGER_JOB_LOCK_MS', 60000),
    },
  },
});
