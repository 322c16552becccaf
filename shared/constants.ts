/**
 * The constants the server and the admin panel both use, written once. This module imports
 * nothing, so each bundle takes in just these values.
 */

export const PLUGIN_ID = 'stager';

/** The six message types of Stager's push feed. */
export const MESSAGE_TYPES = [
  'UPDATE_EVENTS',
  'DELETE_EVENTS',
  'UPDATE_LOCATIONS',
  'DELETE_LOCATIONS',
  'UPDATE_ORGANIZATION',
  'ORGANIZATION_SYNC',
] as const;

export type MessageType = (typeof MESSAGE_TYPES)[number];

/** Every status an inbox row (a history row) can have. */
export const INBOX_STATUSES = [
  'received',
  'queued',
  'processing',
  'processed',
  'failed',
  'unsupported',
] as const;

export type InboxStatus = (typeof INBOX_STATUSES)[number];

/** Statuses of a message that still has to be applied. */
export const PENDING_STATUSES = [
  'received',
  'queued',
  'processing',
] as const satisfies readonly InboxStatus[];

/** Statuses of a message the worker is done with; only these can be replayed. */
export const FINISHED_STATUSES = [
  'processed',
  'failed',
  'unsupported',
] as const satisfies readonly InboxStatus[];

export type FinishedStatus = (typeof FINISHED_STATUSES)[number];

export const isFinished = (status: string): status is FinishedStatus =>
  (FINISHED_STATUSES as readonly string[]).includes(status);

/** The webhook's path under the site's REST prefix (`/api` by default). */
export const WEBHOOK_PATH = `/${PLUGIN_ID}/webhook`;

/**
 * The admin API's routes, relative to the plugin's prefix (`/stager`); `:id` is a message's id.
 * The server mounts them (server/src/admin-api/routes.ts), the admin's client calls them.
 */
export const ADMIN_ROUTES = {
  settings: '/settings',
  token: '/settings/token',
  allowlistCheck: '/settings/allowlist/check',
  testMessage: '/settings/test-message',
  health: '/health',
  messages: '/messages',
  message: '/messages/:id',
  messagePayload: '/messages/:id/payload',
  replay: '/messages/:id/replay',
  replayFailed: '/messages/replay-failed',
  entrySync: '/entries/:entryType/:documentId/sync',
  lastSynced: '/entries/:entryType/last-synced',
  replayLast: '/entries/:entryType/:documentId/replay-last',
} as const;

/** The plugin's own events for the site's webhooks, beside Strapi's `entry.*` and `media.*`. */
export const PLUGIN_WEBHOOK_EVENTS = {
  SYNC_COMPLETED: 'stager.sync.completed',
  MESSAGE_FAILED: 'stager.message.failed',
  SYNC_STALE: 'stager.sync.stale',
} as const;

export type PluginWebhookEvent = (typeof PLUGIN_WEBHOOK_EVENTS)[keyof typeof PLUGIN_WEBHOOK_EVENTS];

/** When each event is sent, as Settings → Stager describes it. */
export const PLUGIN_WEBHOOK_EVENT_DESCRIPTIONS: Record<PluginWebhookEvent, string> = {
  'stager.sync.completed': 'An organisation’s full sync has been applied.',
  'stager.message.failed': 'A message has failed for good.',
  'stager.sync.stale': 'An organisation’s last full sync is over 26 hours old.',
};

/** The plugin's RBAC actions, as Settings → Roles lists them under Plugins → Stager. */
export const ACTIONS = {
  readSettings: `plugin::${PLUGIN_ID}.settings.read`,
  updateSettings: `plugin::${PLUGIN_ID}.settings.update`,
  readHistory: `plugin::${PLUGIN_ID}.history.read`,
  replay: `plugin::${PLUGIN_ID}.history.replay`,
} as const;
