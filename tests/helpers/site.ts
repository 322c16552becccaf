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
  storage: SiteStorage;
  /** Sets one option of the plugin's config while the site runs, e.g. `allowedIps`. */
  setOption(key: string, value: unknown): void;
  /** Stops Strapi; removes the site's database unless the storage was handed in. */
  stop(): Promise<void>;
}

/** What outlives one run of a site: its database, its Redis key prefix and its token. */
export interface SiteStorage {
  /** The environment that points the playground at this storage. */
  env: Record<string, string>;
  token: string;
  remove(): Promise<void>;
}

/**
 * A database of its own (a fresh SQLite file, or with `TEST_DATABASE=postgres` or `mysql` a
 * database created on that server) and a Redis key prefix of its own, so that test files and
 * leftovers of earlier runs never meet.
 */
export async function createSiteStorage(): Promise<SiteStorage> {
  const runId = randomBytes(6).toString('hex');
  const databaseFile = path.join(tmpdir(), `stager-test-${runId}.db`);
  const client = databaseClient();
  const database = client === 'sqlite' ? null : await createDatabase(client);
  const token = `test-token-${randomBytes(16).toString('hex')}`;
  return {
    env: {
      DATABASE_CLIENT: 'sqlite',
      DATABASE_FILENAME: databaseFile,
      ...database?.env,
      STAGER_AUTH_TOKEN: token,
      STAGER_QUEUE_PREFIX: `stager-test-${runId}`,
    },
    token,
    async remove() {
      await database?.drop();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${databaseFile}${suffix}`, { force: true });
    },
  };
}

/** The environment a playground runs with in the tests: quiet, on a free port, quick to retry. */
export const siteEnv = (storage: SiteStorage, env: Record<string, string> = {}) => ({
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'warn',
  STARTUP_MESSAGE: 'false',
  STAGER_SWEEP_INTERVAL_MS: '300',
  STAGER_BACKOFF_MS: '100',
  ...storage.env,
  ...env,
});

/**
 * Boots the playground in this process on a free port, on `storage` or on a storage of its own.
 */
export async function startSite(env: Record<string, string> = {}, storage?: SiteStorage): Promise<TestSite> {
  const ownStorage = storage ?? (await createSiteStorage());
  Object.assign(process.env, siteEnv(ownStorage, env));

  const strapi = await bootPlayground().catch(async (error) => {
    if (!storage) await ownStorage.remove();
    throw error;
  });
  const { port } = strapi.server.httpServer.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    strapi,
    baseUrl,
    webhookUrl: `${baseUrl}/api/stager/webhook`,
    token: ownStorage.token,
    storage: ownStorage,
    setOption(key, value) {
      strapi.config.set(`plugin::stager.${key}`, value);
    },
    async stop() {
      try {
        await strapi.destroy();
      } finally {
        if (!storage) await ownStorage.remove();
      }
    },
  };
}

/** Loads the playground and starts listening; a site that fails half-way is destroyed again. */
async function bootPlayground() {
  const strapi = createStrapi({
    appDir: PLAYGROUND,
    distDir: path.join(PLAYGROUND, 'dist'),
    autoReload: false,
    serveAdminPanel: false,
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
