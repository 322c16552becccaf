import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createStrapi, type Core } from '@strapi/strapi';
import { createDatabase, databaseClient } from './databases';

const PLAYGROUND = path.resolve(__dirname, '..', '..', 'playground');

export interface TestSite {
  strapi: Core.Strapi;
  baseUrl: string;
  webhookUrl: string;
  token: string;
  /** Sets one option of the plugin's config while the site runs, e.g. `allowedIps`. */
  setOption(key: string, value: unknown): void;
  stop(): Promise<void>;
}

/**
 * Boots the playground in this process on a free port, with its own database and its own Redis
 * key prefix, so that test files and leftovers of earlier runs never meet. The database is a
 * fresh SQLite file, or with `TEST_DATABASE=postgres` or `mysql` a database created for this site
 * on that server and dropped by `stop()`.
 */
export async function startSite(env: Record<string, string> = {}, { serveAdminPanel = false } = {}): Promise<TestSite> {
  const runId = randomBytes(6).toString('hex');
  const databaseFile = path.join(tmpdir(), `stager-test-${runId}.db`);
  const client = databaseClient();
  const database = client === 'sqlite' ? null : await createDatabase(client);
  const token = `test-token-${randomBytes(16).toString('hex')}`;
  Object.assign(process.env, {
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    STARTUP_MESSAGE: 'false',
    STRAPI_TELEMETRY_DISABLED: 'true',
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: databaseFile,
    ...database?.env,
    STAGER_AUTH_TOKEN: token,
    STAGER_QUEUE_PREFIX: `stager-test-${runId}`,
    STAGER_SWEEP_INTERVAL_MS: '300',
    STAGER_BACKOFF_MS: '100',
    ...env,
  });

  const removeDatabase = async () => {
    await database?.drop();
    rmSync(databaseFile, { force: true });
    rmSync(`${databaseFile}-wal`, { force: true });
    rmSync(`${databaseFile}-shm`, { force: true });
  };

  const strapi = await bootPlayground(serveAdminPanel).catch(async (error) => {
    await removeDatabase();
    throw error;
  });
  const { port } = strapi.server.httpServer.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    strapi,
    baseUrl,
    webhookUrl: `${baseUrl}/api/stager/webhook`,
    token,
    setOption(key, value) {
      strapi.config.set(`plugin::stager.${key}`, value);
    },
    async stop() {
      try {
        await strapi.destroy();
      } finally {
        await removeDatabase();
      }
    },
  };
}

/**
 * Loads the playground and starts listening; a site that fails half-way is destroyed again. With
 * `serveAdminPanel`, it serves the admin built by `strapi build` (playground/dist/build).
 */
async function bootPlayground(serveAdminPanel: boolean) {
  const strapi = createStrapi({
    appDir: PLAYGROUND,
    distDir: path.join(PLAYGROUND, 'dist'),
    autoReload: false,
    serveAdminPanel,
  });
  try {
    await strapi.load();
    await strapi.listen();
  } catch (error) {
    await strapi.destroy().catch(() => {});
    throw error;
  }
  return strapi;
}
