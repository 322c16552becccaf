/** The admin API of Settings → Stager: what each route takes and answers. */

import type { InboxStatus } from '../constants';
import type { FieldAuthorityMap, FieldAuthorityView, NewEventMode, SyncedType } from './fields';

/** Where a setting comes from: the site's config (environment) wins over the admin panel. */
export type SettingSource = 'config' | 'admin' | 'none';

/** What the settings page shows: where each setting comes from and whether it may be changed, never a token. */
export interface SettingsView {
  /** The webhook's path on this site; the page puts the site's address in front of it. */
  webhookPath: string;
  authToken: { configured: boolean; source: SettingSource; readOnly: boolean };
  previousAuthToken: { active: boolean; expiresAt: string | null };
  allowedIps: { entries: string[]; source: Exclude<SettingSource, 'none'>; readOnly: boolean };
  processingPaused: boolean;
  proxyTrusted: boolean;
  workerEnabled: boolean;
  /** Every mapped field of each synced type, with who writes it. */
  fieldAuthority: Record<SyncedType, FieldAuthorityView[]>;
  /** Set in the site's config only (STAGER_NEW_EVENTS). */
  newEvents: NewEventMode;
}

/** GET /settings */
export declare namespace GetSettings {
  export interface Response {
    data: SettingsView;
  }
}

/**
 * PUT /settings: the allowlist, pausing and field authority; what is left out stays as it is. A
 * type given in `fieldAuthority` replaces that type's table; a field the config sets is refused.
 */
export declare namespace UpdateSettings {
  export interface Request {
    body: { allowedIps?: string[]; processingPaused?: boolean; fieldAuthority?: FieldAuthorityMap };
  }
  export interface Response {
    data: SettingsView;
  }
}

/** PUT /settings/token: the token being replaced keeps working until `previousTokenValidUntil` (default 24 h; null: it stops at once). */
export declare namespace ReplaceToken {
  export interface Request {
    body: { token: string; previousTokenValidUntil?: string | null };
  }
  export interface Response {
    data: SettingsView;
  }
}

/** POST /settings/allowlist/check: one reason per bad entry, null for a good one. */
export declare namespace CheckAllowlist {
  export interface Request {
    body: { entries: string[] };
  }
  export interface Response {
    data: { errors: Array<string | null> };
  }
}

/** POST /settings/test-message: the webhook's answer and the history row it made. */
export declare namespace SendTestMessage {
  export interface Response {
    data: TestMessageResult;
  }
}

export interface TestMessageResult {
  status: number;
  body: unknown;
  message: {
    id: number;
    receivedAt: string;
    messageType: string;
    organizationId: string | null;
    status: InboxStatus;
    itemCount: number;
    size: number;
  } | null;
}
