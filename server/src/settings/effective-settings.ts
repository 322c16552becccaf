import type { SettingSource } from '../../../shared/contracts/settings';
import type { StagerConfig } from '../config';
import type { AdminSettings } from './stored-settings';

export interface EffectiveSettings {
  authToken: string;
  previousAuthToken: string;
  previousAuthTokenExpiresAt: string;
  tokenSource: SettingSource;
  allowedIps: string[];
  allowlistSource: Exclude<SettingSource, 'none'>;
  processingPaused: boolean;
}

/**
 * Merges the plugin config and the admin settings. A token in the config (`STAGER_AUTH_TOKEN`)
 * makes the whole token pair come from the config; a non-empty `allowedIps` in the config
 * (`STAGER_ALLOWED_IPS`) likewise wins over the admin list. The admin panel shows those as read-only.
 */
export function effectiveSettings(config: StagerConfig, admin: AdminSettings): EffectiveSettings {
  const tokenFromConfig = config.authToken !== '';
  const tokens = tokenFromConfig ? config : admin;
  const allowlistFromConfig = config.allowedIps.length > 0;
  return {
    authToken: tokens.authToken,
    previousAuthToken: tokens.previousAuthToken,
    previousAuthTokenExpiresAt: tokens.previousAuthTokenExpiresAt,
    tokenSource: tokenFromConfig ? 'config' : admin.authToken ? 'admin' : 'none',
    allowedIps: allowlistFromConfig ? config.allowedIps : admin.allowedIps,
    allowlistSource: allowlistFromConfig ? 'config' : 'admin',
    processingPaused: admin.processingPaused,
  };
}
