module.exports = ({ env }) => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 0),
  app: { keys: ['bench-key-1', 'bench-key-2'] },
  logger: {
    config: { level: env('LOG_LEVEL', 'error') },
    updates: { enabled: false },
    startup: { enabled: false },
  },
});
