import type { StagerConfig } from '../config';
import { compileAllowlist, type Allowlist } from './allowlist';
import type { IngestSettings } from './webhook';

/** The tokens a signature may use now: the current one, and the previous one until it expires. */
export function activeTokens(config: StagerConfig, now = Date.now()): string[] {
  const tokens = config.authToken ? [config.authToken] : [];
  const previousValid =
    config.previousAuthToken !== '' && Date.parse(config.previousAuthTokenExpiresAt) > now;
  if (previousValid) tokens.push(config.previousAuthToken);
  return tokens;
}

/**
 * Builds the webhook's settings from the current config on each request; the allowlist is
 * compiled again only when the list itself is replaced.
 */
export function createIngestSettings(readConfig: () => StagerConfig): () => IngestSettings {
  let compiledFrom: readonly string[] | null = null;
  let allowlist: Allowlist | null = null;

  return () => {
    const config = readConfig();
    if (!allowlist || compiledFrom !== config.allowedIps) {
      allowlist = compileAllowlist(config.allowedIps);
      compiledFrom = config.allowedIps;
    }
    return {
      tokens: activeTokens(config),
      allowlist,
      maxBodySize: config.maxBodySize,
      bodyReadTimeoutMs: config.bodyReadTimeoutMs,
    };
  };
}
