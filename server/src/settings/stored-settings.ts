import type { Core } from '@strapi/strapi';
import type { FieldAuthorityMap } from '../../../shared/contracts/fields';

/** What the admin panel saves, in Strapi's plugin store. Tokens are encrypted with `admin::encryption`. */
export interface StoredSettings {
  encryptedAuthToken: string | null;
  encryptedPreviousAuthToken: string | null;
  previousAuthTokenExpiresAt: string | null;
  allowedIps: string[];
  processingPaused: boolean;
  fieldAuthority: FieldAuthorityMap;
}

/** The admin settings with the tokens decrypted: kept in memory only, never sent or logged. */
export interface AdminSettings {
  authToken: string;
  previousAuthToken: string;
  previousAuthTokenExpiresAt: string;
  allowedIps: string[];
  processingPaused: boolean;
  fieldAuthority: FieldAuthorityMap;
}

export const EMPTY_STORED_SETTINGS: StoredSettings = {
  encryptedAuthToken: null,
  encryptedPreviousAuthToken: null,
  previousAuthTokenExpiresAt: null,
  allowedIps: [],
  processingPaused: false,
  fieldAuthority: {},
};

interface Encryption {
  encrypt(value: string): string | null;
  decrypt(value: string): string | null;
}

export class EncryptionUnavailableError extends Error {
  override name = 'EncryptionUnavailableError';

  constructor() {
    super(
      'the token cannot be stored encrypted: set admin.secrets.encryptionKey (ENCRYPTION_KEY) in config/admin'
    );
  }
}

/** Reads and writes the admin settings; the only place that encrypts or decrypts the tokens. */
export function createSettingsStore(strapi: Core.Strapi) {
  const store = () => strapi.store({ type: 'plugin', name: 'stager', key: 'settings' });
  const encryption = () => strapi.service('admin::encryption') as unknown as Encryption;

  const decrypt = (value: string | null): string =>
    value ? (encryption().decrypt(value) ?? '') : '';

  return {
    async readStored(): Promise<StoredSettings> {
      const saved = (await store().get({})) as Partial<StoredSettings> | null;
      return { ...EMPTY_STORED_SETTINGS, ...(saved ?? {}) };
    },

    async read(): Promise<AdminSettings> {
      const stored = await this.readStored();
      return {
        authToken: decrypt(stored.encryptedAuthToken),
        previousAuthToken: decrypt(stored.encryptedPreviousAuthToken),
        previousAuthTokenExpiresAt: stored.previousAuthTokenExpiresAt ?? '',
        allowedIps: stored.allowedIps,
        processingPaused: stored.processingPaused,
        fieldAuthority: stored.fieldAuthority,
      };
    },

    encrypt(token: string): string {
      const encrypted = encryption().encrypt(token);
      if (!encrypted) throw new EncryptionUnavailableError();
      return encrypted;
    },

    async write(settings: StoredSettings): Promise<void> {
      await store().set({ value: settings });
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
