import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createStrapi, type Core } from '@strapi/strapi';
import { WEBHOOK_PATH } from '../../shared/constants';
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
      for (const suffix of ['', '-wal', '-shm'])
        rmSync(`${databaseFile}${suffix}`, { force: true });
    },
  };
}

/** The environment a playground runs with in the tests: quiet, on a free port, quick to retry. */
export const siteEnv = (storage: SiteStorage, env: Record<string, string> = {}) => ({
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'warn',
  STARTUP_MESSAGE: 'false',
  STRAPI_TELEMETRY_DISABLED: 'true',
  STAGER_SWEEP_INTERVAL_MS: '300',
  STAGER_BACKOFF_MS: '100',
  // The samples' images are on a public CDN this machine must not reach: the media tests turn
  // downloads on, against an image server of their own.
  STAGER_MEDIA_ENABLED: 'false',
  ...storage.env,
  ...env,
});

export interface SiteOptions {
  /** Runs on this storage, which outlives the site, instead of on a storage of its own. */
  storage?: SiteStorage;
  /** Serves the built admin panel, for the browser tests. */
  serveAdminPanel?: boolean;
}

/** Boots the playground in this process on a free port. */
export async function startSite(
  env: Record<string, string> = {},
  { storage, serveAdminPanel = false }: SiteOptions = {}
): Promise<TestSite> {
  const ownStorage = storage ?? (await createSiteStorage());
  // Strapi reads its configuration from the environment while it loads; the next site must not
  // inherit this one's.
  const variables = siteEnv(ownStorage, env);
  const previous = Object.fromEntries(Object.keys(variables).map((key) => [key, process.env[key]]));
  Object.assign(process.env, variables);
  const strapi = await bootPlayground(serveAdminPanel)
    .catch(async (error) => {
      if (!storage) await ownStorage.remove();
      throw error;
    })
    .finally(() => {
      for (const [key, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    });
  const { port } = strapi.server.httpServer.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    strapi,
    baseUrl,
    webhookUrl: `${baseUrl}/api${WEBHOOK_PATH}`,
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
