import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { FieldAuthorityMap, SyncedType } from '../../../shared/contracts/fields';
import type { SettingsView } from '../../../shared/contracts/settings';
import { applyEditorLayouts } from '../fields/editor-layouts';
import { pluginConfig, webhookPath } from '../config';
import { getService } from '../services/get-service';
import { authorityViews } from '../fields/field-authority';
import { effectiveSettings } from './effective-settings';
import { sendTestMessage } from './test-message';
import { EncryptionUnavailableError, type StoredSettings } from './stored-settings';
import type { SettingsUpdate, TokenReplacement } from './validation';

const DAY_MS = 24 * 60 * 60 * 1000;

export function createSettingsService(strapi: Core.Strapi) {
  const config = () => pluginConfig(strapi);
  const runtime = () => getService(strapi, 'runtime');

  async function view(): Promise<SettingsView> {
    const admin = await runtime().settingsStore.read();
    const current = effectiveSettings(config(), admin);
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
      fieldAuthority: authorityViews(config().fieldAuthority, admin.fieldAuthority),
      newEvents: config().newEvents,
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

  /** The fields of `change` whose authority the site's config already sets, as `type.field`. */
  const fieldsSetByConfig = (change: FieldAuthorityMap) =>
    Object.entries(change).flatMap(([type, fields]) =>
      Object.keys(fields ?? {})
        .filter((field) => config().fieldAuthority[type as SyncedType]?.[field] !== undefined)
        .map((field) => `${type}.${field}`)
    );

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
      const setByConfig = fieldsSetByConfig(update.fieldAuthority ?? {});
      if (setByConfig.length > 0) {
        throw new errors.ValidationError(
          `fieldAuthority: ${setByConfig.join(', ')} set by the site configuration (STAGER_FIELD_AUTHORITY); change it there`
        );
      }
      const updated = await save((stored) => {
        if (update.allowedIps) stored.allowedIps = update.allowedIps.map((entry) => entry.trim());
        if (update.processingPaused !== undefined)
          stored.processingPaused = update.processingPaused;
        if (update.fieldAuthority)
          stored.fieldAuthority = { ...stored.fieldAuthority, ...update.fieldAuthority };
      });
      if (update.fieldAuthority) await applyEditorLayouts(strapi, runtime().writePolicy);
      return updated;
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
