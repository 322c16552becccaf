import type { Logger } from '../queue/message-queue';
import { errorMessage } from '../utils/error-message';
import type { AdminSettings, SettingsStore } from './stored-settings';

/** How often each instance re-reads the admin settings, so a save on one instance reaches the others. */
export const SETTINGS_REFRESH_MS = 2_000;

const INITIAL: AdminSettings = {
  authToken: '',
  previousAuthToken: '',
  previousAuthTokenExpiresAt: '',
  allowedIps: [],
  processingPaused: false,
  fieldAuthority: {},
};

/**
 * The admin settings held in memory for the webhook's hot path and the worker: read once at
 * start, again after each save on this instance, and every couple of seconds for saves made
 * on other instances.
 */
export function createSettingsCache(
  store: SettingsStore,
  log: Logger,
  refreshMs = SETTINGS_REFRESH_MS
) {
  let current = INITIAL;
  let timer: NodeJS.Timeout | null = null;
  let failing = false;
  const listeners: Array<(settings: AdminSettings) => void> = [];

  async function refresh(): Promise<void> {
    try {
      current = await store.read();
      failing = false;
    } catch (error) {
      if (!failing)
        log.warn(
          `stager: could not read the admin settings, keeping the last ones: ${errorMessage(error)}`
        );
      failing = true;
      return;
    }
    for (const listener of listeners) listener(current);
  }

  return {
    current: (): AdminSettings => current,
    refresh,
    onRefresh(listener: (settings: AdminSettings) => void): void {
      listeners.push(listener);
    },
    start(): void {
      timer ??= setInterval(() => void refresh(), refreshMs);
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

export type SettingsCache = ReturnType<typeof createSettingsCache>;
