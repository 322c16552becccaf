import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { SettingsView } from '../../../shared/contracts/settings';
import { pluginConfig, webhookPath } from '../config';
import { getService } from '../services/get-service';
import { effectiveSettings } from './effective-settings';
import { sendTestMessage } from './test-message';
import { EncryptionUnavailableError, type StoredSettings } from './stored-settings';
import type { SettingsUpdate, TokenReplacement } from './validation';

const DAY_MS = 24 * 60 * 60 * 1000;

export function createSettingsService(strapi: Core.Strapi) {
  const config = () => pluginConfig(strapi);
  const runtime = () => getService(strapi, 'runtime');

  async function view(): Promise<SettingsView> {
    const current = effectiveSettings(config(), await runtime().settingsStore.read());
    const previousActive =
      current.previousAuthToken !== '' &&
      Date.parse(current.previousAuthTokenExpiresAt) > Date.now();
    return {
      webhookPath: webhookPath(strapi),
      authToken: {
        configured: current.authToken !== '',
        source: current.tokenSource,
        readOnly: current.tokenSource === 'config',
      },
      previousAuthToken: {
        active: previousActive,
        expiresAt: previousActive ? current.previousAuthTokenExpiresAt : null,
      },
      allowedIps: {
        entries: current.allowedIps,
        source: current.allowlistSource,
        readOnly: current.allowlistSource === 'config',
      },
      processingPaused: current.processingPaused,
      proxyTrusted: Boolean(strapi.server.app.proxy),
      workerEnabled: config().worker,
    };
  }

  /** Writes, then refreshes this instance's cache at once; other instances follow within seconds. */
  async function save(change: (stored: StoredSettings) => void): Promise<SettingsView> {
    const stored = await runtime().settingsStore.readStored();
    change(stored);
    await runtime().settingsStore.write(stored);
    await runtime().settings.refresh();
    return view();
  }

  return {
    view,

    /** Signs a sample message with the current token and posts it to this site's webhook, as Stager would. */
    sendTestMessage: () => sendTestMessage(strapi),

    async update(update: SettingsUpdate): Promise<SettingsView> {
      if (update.allowedIps && config().allowedIps.length > 0) {
        throw new errors.ValidationError(
          'allowedIps: set by the site configuration (STAGER_ALLOWED_IPS); change it there'
        );
      }
      return save((stored) => {
        if (update.allowedIps) stored.allowedIps = update.allowedIps.map((entry) => entry.trim());
        if (update.processingPaused !== undefined)
          stored.processingPaused = update.processingPaused;
      });
    },

    /** Replaces the admin token; the one it replaces keeps working until `previousTokenValidUntil` (default 24 h). */
    async replaceToken({
      token,
      previousTokenValidUntil,
    }: TokenReplacement): Promise<SettingsView> {
      if (config().authToken !== '') {
        throw new errors.ValidationError(
          'token: set by the environment (STAGER_AUTH_TOKEN); change it there'
        );
      }
      const current = await runtime().settingsStore.read();
      const store = runtime().settingsStore;
      try {
        const encryptedToken = store.encrypt(token);
        return await save((stored) => {
          const keepPrevious =
            current.authToken !== '' &&
            current.authToken !== token &&
            previousTokenValidUntil !== null;
          stored.encryptedAuthToken = encryptedToken;
          stored.encryptedPreviousAuthToken = keepPrevious
            ? store.encrypt(current.authToken)
            : null;
          stored.previousAuthTokenExpiresAt = keepPrevious
            ? (previousTokenValidUntil ?? new Date(Date.now() + DAY_MS).toISOString())
            : null;
        });
      } catch (error) {
        if (error instanceof EncryptionUnavailableError)
          throw new errors.ApplicationError(error.message);
        throw error;
      }
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
