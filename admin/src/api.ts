/** The shapes the plugin's admin API answers with (see server/src/admin-api). */

export type SettingSource = 'config' | 'admin' | 'none';

export interface SettingsView {
  webhookPath: string;
  authToken: { configured: boolean; source: SettingSource; readOnly: boolean };
  previousAuthToken: { active: boolean; expiresAt: string | null };
  allowedIps: { entries: string[]; source: 'config' | 'admin'; readOnly: boolean };
  processingPaused: boolean;
  proxyTrusted: boolean;
  workerEnabled: boolean;
}

// The contract's message types and the inbox statuses, from the server's own definitions (both
// modules import nothing, so the admin bundle takes in just these lists).
export { MESSAGE_TYPES } from '../../server/src/feed/envelope';
export { INBOX_STATUSES, type InboxStatus } from '../../server/src/inbox/statuses';
import type { InboxStatus } from '../../server/src/inbox/statuses';

export interface HistoryRow {
  id: number;
  receivedAt: string;
  messageType: string;
  organizationId: string | null;
  sourceAddress: string | null;
  size: number;
  itemCount: number;
  itemsProcessed: number;
  itemsFailed: number;
  status: InboxStatus;
  durationMs: number | null;
  attempts: number;
  replays: number;
  error: string | null;
  payloadPrunedAt: string | null;
}

export interface HistoryPage {
  results: HistoryRow[];
  pagination: { page: number; pageSize: number; pageCount: number; total: number };
}

export interface ListSummary {
  count: number;
  ids: string[];
}

export interface MessageDetail {
  message: HistoryRow & { sha256: string; itemErrors: Array<{ path: string; reason: string }> | null };
  /** Finished, or stuck in queued/processing beyond the job lock. */
  replayable: boolean;
  summary: {
    organization: { id: string; name: string | null } | null;
    events: ListSummary;
    locations: ListSummary;
    deletedEvents: ListSummary;
    deletedLocations: ListSummary;
  } | null;
  entries: Array<{ type: string; stagerId: string; documentId: string; name: string | null; contentManagerPath: string }>;
}

export interface Health {
  redis: { connected: boolean };
  queue: { waiting: number; active: number; failed: number; delayed: number } | null;
  worker: { enabled: boolean; concurrency: number };
  processingPaused: boolean;
  oldestUnprocessed: { id: number; receivedAt: string; status: string } | null;
  organizations: Array<{ organizationId: string; name: string | null; lastSyncAt: string | null; stale: boolean }>;
  rejections: Array<{ status: number; count: number; lastAt: string; lastReason: string; lastSource: string | null }>;
}

export interface TestMessageResult {
  status: number;
  body: unknown;
  message: { id: number; status: InboxStatus; messageType: string } | null;
}

export interface HistoryFilters {
  messageType?: string;
  status?: string;
  organizationId?: string;
  receivedFrom?: string;
  receivedTo?: string;
}

/** The one-line reason of a failed admin API call, as Strapi's error shape carries it. */
export function errorReason(error: unknown): string {
  const response = (error as { response?: { data?: { error?: { message?: string } } } }).response;
  return response?.data?.error?.message ?? (error instanceof Error ? error.message : String(error));
}

/** The query string of the filters that are set. */
export function filtersQuery(filters: HistoryFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  return params.toString();
}
