import type { Core } from '@strapi/strapi';
import type { SiteLocales } from '../i18n/site-locales';
import type Redis from 'ioredis';
import { PLUGIN_WEBHOOK_EVENTS } from '../../../shared/constants';
import { SYNC_STALE_AFTER_MS, lastFullSyncs } from '../history/health';
import type { FinishedMessage } from '../inbox/processor';
import { ENTITY_UIDS } from '../store/entity-types';
import { errorMessage } from '../utils/error-message';

interface Webhook {
  id: string | number;
}

interface WebhookRunner {
  webhooksMap?: Map<string, Webhook[]>;
  update(webhook: Webhook): void;
  remove(webhook: Webhook): void;
}

const STALE_CHECK_EVERY_MS = 10 * 60_000;
const FIRST_STALE_CHECK_MS = 30_000;
/** How long the mark that a stale sync was announced is kept: well beyond the next sync. */
const STALE_MARK_TTL_S = 30 * 24 * 3600;

/** Called in `register`: Strapi's admin refuses a webhook for an event it was not told of. */
export function offerPluginEvents(strapi: Core.Strapi): void {
  const store = strapi.get('webhookStore') as { addAllowedEvent(key: string, value: string): void };
  for (const [key, value] of Object.entries(PLUGIN_WEBHOOK_EVENTS))
    store.addAllowedEvent(`STAGER_${key}`, value);
}

/**
 * Sends the plugin's events through Strapi's event hub, which delivers them to the webhooks set
 * up in Settings → Webhooks: one `stager.sync.completed` per full sync (so a front end rebuilds
 * once per sync, not once per entry), `stager.message.failed` when a message has failed for good,
 * and `stager.sync.stale` once per organisation whose last full sync is over 26 hours old.
 */
export function createPluginEvents(
  strapi: Core.Strapi,
  redis: () => { client: Redis; key: string } | null,
  locales: Pick<SiteLocales, 'sourceRows'>
) {
  /**
   * Strapi's webhook runner learns of webhooks at start and from changes made through its own
   * instance; the worker sending the event may be another instance. Its list is read again first.
   */
  async function refreshWebhooks(): Promise<void> {
    const stored =
      (await (
        strapi.get('webhookStore') as { findWebhooks(): Promise<Webhook[]> }
      ).findWebhooks()) ?? [];
    const runner = strapi.get('webhookRunner') as WebhookRunner;
    const ids = new Set(stored.map((webhook) => webhook.id));
    const known = new Map<string | number, Webhook>();
    for (const webhooks of runner.webhooksMap?.values() ?? [])
      for (const webhook of webhooks) known.set(webhook.id, webhook);
    for (const webhook of known.values()) if (!ids.has(webhook.id)) runner.remove(webhook);
    for (const webhook of stored) runner.update(webhook);
  }

  const emit = (event: string, payload: Record<string, unknown>) => {
    refreshWebhooks()
      .catch((error: unknown) =>
        strapi.log.warn(`stager: webhooks not re-read before ${event}: ${errorMessage(error)}`)
      )
      .then(() => strapi.eventHub.emit(event, payload))
      .catch((error: unknown) =>
        strapi.log.warn(`stager: event ${event} not delivered: ${errorMessage(error)}`)
      );
  };

  /** What the sync did to the organisation's events: each entry it wrote or removed carries its sequence. */
  async function syncCounts(message: FinishedMessage) {
    const count = (where: Record<string, unknown>) =>
      strapi.db.query(ENTITY_UIDS.event as never).count({
        where: {
          syncSequence: message.id,
          organization: { stagerId: message.organizationId },
          ...locales.sourceRows(),
          ...where,
        },
      });
    const [created, written, removed] = await Promise.all([
      count({ removedAt: { $null: true }, createdAt: { $gte: message.startedAt } }),
      count({ removedAt: { $null: true } }),
      count({ removedAt: { $notNull: true } }),
    ]);
    return { created, changed: written - created, removed };
  }

  async function finished(message: FinishedMessage): Promise<void> {
    if (message.status === 'failed') {
      emit(PLUGIN_WEBHOOK_EVENTS.MESSAGE_FAILED, {
        messageId: message.id,
        messageType: message.messageType,
        organizationId: message.organizationId,
        reason: message.error,
        attempts: message.attempts,
      });
    } else if (
      message.status === 'processed' &&
      message.messageType === 'ORGANIZATION_SYNC' &&
      message.organizationId
    ) {
      emit(PLUGIN_WEBHOOK_EVENTS.SYNC_COMPLETED, {
        messageId: message.id,
        organizationId: message.organizationId,
        events: await syncCounts(message),
        itemsFailed: message.result?.itemsFailed ?? 0,
        durationMs: message.durationMs,
      });
    }
  }

  /** Announces each stale organisation once: the first instance to mark it in Redis sends the event. */
  async function checkStale(): Promise<void> {
    const target = redis();
    if (!target || target.client.status !== 'ready') return;
    const now = Date.now();
    for (const [organizationId, lastSyncAt] of await lastFullSyncs(strapi)) {
      if (!lastSyncAt || now - Date.parse(lastSyncAt) <= SYNC_STALE_AFTER_MS) continue;
      const mark = `${target.key}:stale:${organizationId}:${lastSyncAt}`;
      if ((await target.client.set(mark, '1', 'EX', STALE_MARK_TTL_S, 'NX')) !== 'OK') continue;
      emit(PLUGIN_WEBHOOK_EVENTS.SYNC_STALE, {
        organizationId,
        lastSyncAt,
        hoursSinceLastSync: Math.floor((now - Date.parse(lastSyncAt)) / 3_600_000),
      });
    }
  }

  const timers: NodeJS.Timeout[] = [];
  const checkStaleLogged = () =>
    checkStale().catch((error: unknown) =>
      strapi.log.warn(`stager: stale sync check: ${errorMessage(error)}`)
    );

  return {
    /** For the worker: a message it is done with. */
    finished(message: FinishedMessage): void {
      finished(message).catch((error: unknown) =>
        strapi.log.warn(`stager: event after message ${message.id}: ${errorMessage(error)}`)
      );
    },
    checkStale,
    start(): void {
      timers.push(
        setTimeout(checkStaleLogged, FIRST_STALE_CHECK_MS),
        setInterval(checkStaleLogged, STALE_CHECK_EVERY_MS)
      );
      for (const timer of timers) timer.unref();
    },
    stop(): void {
      for (const timer of timers) clearTimeout(timer);
      timers.length = 0;
    },
  };
}
