import * as React from 'react';
import type { Modules } from '@strapi/strapi';
import { useFetchClient } from '@strapi/strapi/admin';
import { ADMIN_ROUTES, PLUGIN_ID } from '../../shared/constants';
import type {
  GetEntrySync,
  GetLastSynced,
  ReplayLastMessage,
} from '../../shared/contracts/change-record';
import type { SyncedType } from '../../shared/contracts/fields';
import type { GetHealth } from '../../shared/contracts/health';
import type {
  GetMessage,
  HistoryFilters,
  ListMessages,
  ReplayFailed,
  ReplayMessage,
} from '../../shared/contracts/history';
import type {
  CheckAllowlist,
  GetSettings,
  ReplaceToken,
  SendTestMessage,
  UpdateSettings,
} from '../../shared/contracts/settings';

// The contract's types and constants, for the pages: written once, in shared/.
export * from '../../shared';

type MessageId = number | string;

/** A webhook of the site, as Strapi's admin API (Settings → Webhooks) reads and writes it. */
export type SiteWebhook = Modules.WebhookStore.Webhook;

const WEBHOOKS_URL = '/admin/webhooks';

/** A route of the admin API under the plugin's prefix, with a message's id put in. */
const url = (route: string, id?: MessageId) =>
  `/${PLUGIN_ID}${id === undefined ? route : route.replace(':id', encodeURIComponent(String(id)))}`;

/** A route about one synced entry. */
const entryUrl = (route: string, type: SyncedType, documentId = '') =>
  `/${PLUGIN_ID}${route
    .replace(':entryType', type)
    .replace(':documentId', encodeURIComponent(documentId))}`;

/** The query string of the filters that are set. */
function queryString(query: ListMessages.Request['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, String(value));
  return params.toString();
}

/** The plugin's admin API, one function per route, over Strapi's fetch client (the admin's session). */
export function useStagerApi() {
  const { get, post, put } = useFetchClient();
  return React.useMemo(
    () => ({
      settings: async () => (await get<GetSettings.Response>(url(ADMIN_ROUTES.settings))).data.data,
      updateSettings: async (body: UpdateSettings.Request['body']) =>
        (await put<UpdateSettings.Response>(url(ADMIN_ROUTES.settings), body)).data.data,
      replaceToken: async (body: ReplaceToken.Request['body']) =>
        (await put<ReplaceToken.Response>(url(ADMIN_ROUTES.token), body)).data.data,
      checkAllowlist: async (body: CheckAllowlist.Request['body']) =>
        (await post<CheckAllowlist.Response>(url(ADMIN_ROUTES.allowlistCheck), body)).data.data
          .errors,
      sendTestMessage: async () =>
        (await post<SendTestMessage.Response>(url(ADMIN_ROUTES.testMessage), {})).data.data,
      health: async () => (await get<GetHealth.Response>(url(ADMIN_ROUTES.health))).data.data,
      messages: async (query: ListMessages.Request['query']) =>
        (await get<ListMessages.Response>(`${url(ADMIN_ROUTES.messages)}?${queryString(query)}`))
          .data,
      message: async (id: MessageId) =>
        (await get<GetMessage.Response>(url(ADMIN_ROUTES.message, id))).data.data,
      /** The stored bytes as they arrived, parsed. */
      payload: async (id: MessageId) =>
        (await get<unknown>(url(ADMIN_ROUTES.messagePayload, id))).data,
      replay: async (id: MessageId) =>
        (await post<ReplayMessage.Response>(url(ADMIN_ROUTES.replay, id), {})).data.data,
      replayFailed: async (filters: HistoryFilters) =>
        (await post<ReplayFailed.Response>(url(ADMIN_ROUTES.replayFailed), filters)).data.data,
      entrySync: async (type: SyncedType, documentId: string, locale?: string) =>
        (
          await get<GetEntrySync.Response>(
            `${entryUrl(ADMIN_ROUTES.entrySync, type, documentId)}${locale ? `?locale=${encodeURIComponent(locale)}` : ''}`
          )
        ).data.data,
      lastSynced: async (type: SyncedType, documentIds: string[]) =>
        (
          await get<GetLastSynced.Response>(
            `${entryUrl(ADMIN_ROUTES.lastSynced, type)}?documentIds=${documentIds.map(encodeURIComponent).join(',')}`
          )
        ).data.data,
      replayLast: async (type: SyncedType, documentId: string) =>
        (
          await post<ReplayLastMessage.Response>(
            entryUrl(ADMIN_ROUTES.replayLast, type, documentId),
            {}
          )
        ).data.data,
      /** Strapi's own webhook routes (permissions `admin::webhooks.read` and `.update`). */
      webhooks: async () => (await get<{ data: SiteWebhook[] }>(WEBHOOKS_URL)).data.data,
      /** Strapi refuses any field beyond these five: the id goes in the URL only. */
      updateWebhook: async (webhook: SiteWebhook) =>
        (
          await put<{ data: SiteWebhook }>(`${WEBHOOKS_URL}/${encodeURIComponent(webhook.id)}`, {
            name: webhook.name,
            url: webhook.url,
            headers: webhook.headers,
            events: webhook.events,
            isEnabled: webhook.isEnabled,
          })
        ).data.data,
    }),
    [get, post, put]
  );
}

/** The one-line reason of a failed admin API call, as Strapi's error shape carries it. */
export function errorReason(error: unknown): string {
  const response = (error as { response?: { data?: { error?: { message?: string } } } }).response;
  return response?.data?.error?.message ?? (error instanceof Error ? error.message : String(error));
}
