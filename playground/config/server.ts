import type { Core } from '@strapi/strapi';
export default ({ env }: Core.Config.Shared.ConfigParams) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  app: {
    keys: env.array('APP_KEYS', ['playground-key-1', 'playground-key-2']),
  },
  proxy: {
    koa: env.bool('TRUST_PROXY', false),
  },
  logger: {
    config: { level: env('LOG_LEVEL', 'http') },
    updates: { enabled: false },
    startup: { enabled: env.bool('STARTUP_MESSAGE', true) },
  },
});
