module.exports = ({ env }) => ({
  connection:
    env('DATABASE_CLIENT', 'sqlite') === 'postgres'
      ? {
          client: 'postgres',
          connection: {
            host: env('DATABASE_HOST'),
            port: env.int('DATABASE_PORT'),
            database: env('DATABASE_NAME'),
            user: env('DATABASE_USERNAME'),
            password: env('DATABASE_PASSWORD'),
          },
          pool: { min: 0, max: 10 },
        }
      : {
          client: 'sqlite',
          connection: { filename: env('DATABASE_FILENAME') },
          useNullAsDefault: true,
        },
});
