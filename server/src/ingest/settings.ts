import type { StagerConfig } from '../config';
import { effectiveSettings } from '../settings/effective-settings';
import type { AdminSettings } from '../settings/stored-settings';
import { compileAllowlist, type Allowlist } from './allowlist';
import type { IngestSettings } from './webhook';

interface TokenSettings {
  authToken: string;
  previousAuthToken: string;
  previousAuthTokenExpiresAt: string;
}

/** The tokens a signature may use now: the current one, and the previous one until it expires. */
export function activeTokens(settings: TokenSettings, now = Date.now()): string[] {
  const tokens = settings.authToken ? [settings.authToken] : [];
  const previousValid =
    settings.previousAuthToken !== '' && Date.parse(settings.previousAuthTokenExpiresAt) > now;
  if (previousValid) tokens.push(settings.previousAuthToken);
  return tokens;
}

/**
 * Builds the webhook's settings on each request from the config and the admin settings, both
 * already in memory; the allowlist is compiled again only when the list itself is replaced.
 */
export function createIngestSettings(
  readConfig: () => StagerConfig,
  readAdmin: () => AdminSettings
): () => IngestSettings {
  let compiledFrom: readonly string[] | null = null;
  let allowlist: Allowlist | null = null;

  return () => {
    const config = readConfig();
    const settings = effectiveSettings(config, readAdmin());
    if (!allowlist || compiledFrom !== settings.allowedIps) {
      allowlist = compileAllowlist(settings.allowedIps);
      compiledFrom = settings.allowedIps;
    }
    return {
      tokens: activeTokens(settings),
      allowlist,
      maxBodySize: config.maxBodySize,
      bodyReadTimeoutMs: config.bodyReadTimeoutMs,
    };
  };
}
