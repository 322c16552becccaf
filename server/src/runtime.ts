import type { Core } from '@strapi/strapi';
import { pluginConfig } from './config';
import { createPluginEvents } from './events/plugin-events';
import { createMessageProcessor } from './inbox/processor';
import { encodePayload } from './inbox/payload-codec';
import { DAY_MS, prunePayloads } from './inbox/retention';
import { createInboxStore } from './inbox/store';
import { createSweeper } from './inbox/sweeper';
import { createRejectionLog } from './ingest/rejections';
import { createIngestSettings } from './ingest/settings';
import type { AcceptedMessage } from './ingest/webhook';
import { createWorkerRegistry } from './metrics/worker-registry';
import { createClusterStats } from './metrics/cluster-stats';
import { createMessageQueue, type MessageQueue } from './queue/message-queue';
import { loadSiteIdentity } from './queue/site-identity';
import { createMediaService } from './media/media-service';
import { createProcessingGate } from './settings/processing-gate';
import { createSettingsCache } from './settings/settings-cache';
import { createSettingsStore } from './settings/stored-settings';
import { createEntityStore } from './store/entities';
import { createWritePolicy } from './fields/field-authority';
import { createHandlers } from './sync/handlers';
import { createSiteLocales } from './i18n/site-locales';
import { createLocaleBackfill } from './i18n/locale-backfill';
import { createTableLayout } from './store/table-layout';

const FIRST_PRUNE_DELAY_MS = 60_000;
const LOCALE_CHECK_MS = 60_000;

/** A message arrived while the plugin is starting or stopping: the webhook answers 503. */
export class PluginNotRunningError extends Error {
  override name = 'PluginNotRunningError';

  constructor() {
    super('the plugin is not running (starting up or shutting down)');
  }
}

/**
 * Everything the plugin runs: the inbox, the queue and its worker, the sweeper and the daily
 * payload pruning. One per Strapi instance, started in bootstrap and stopped in destroy.
 */
export function createRuntime(strapi: Core.Strapi) {
  const log = strapi.log;
  const config = () => pluginConfig(strapi);
  const inbox = createInboxStore(strapi);
  const rejections = createRejectionLog(log);
  const settingsStore = createSettingsStore(strapi);
  const settings = createSettingsCache(settingsStore, log);
  const writePolicy = createWritePolicy(config, () => settings.current().fieldAuthority);
  const locales = createSiteLocales(strapi);
  const localeBackfill = createLocaleBackfill(strapi, createTableLayout(strapi), locales);
  const handlers = createHandlers(
    createEntityStore(strapi, writePolicy, locales, () => config().changeRecord.enabled)
  );
  const gate = createProcessingGate(() => settings.current().processingPaused);

  let queue: MessageQueue | null = null;
  let siteId: string | null = null;
  let accepting = false;
  // The site's keys in Redis beside its queue, for figures and marks shared by its instances.
  const siteRedis = () =>
    queue && siteId
      ? { client: queue.redisClient(), key: `${config().redis.prefix}:site-${siteId}` }
      : null;
  const stats = createClusterStats(siteRedis);
  const workers = createWorkerRegistry(siteRedis);
  const events = createPluginEvents(strapi, siteRedis, locales);
  const timers: NodeJS.Timeout[] = [];
  const media = createMediaService(strapi, log);
  // One message's images at a time, in the order the messages were applied.
  let imagesHandled = Promise.resolve();
  const afterApplied = (content: unknown) => {
    imagesHandled = imagesHandled.then(() => media.messageApplied(content));
  };

  /** A queued or processing message unmoved since this time is stuck: its job's lock ran out long ago. */
  const stuckBefore = () => new Date(Date.now() - config().jobLockMs);

  const queueNow = (id: number, replay: number) => {
    if (!queue) return;
    queue
      .enqueue(id, replay)
      .then(() => inbox.markQueued(id))
      // Left as `received`: the sweeper queues it once Redis answers again.
      .catch(() => undefined);
  };

  return {
    inbox,
    rejections,
    stats,
    workers,
    events,
    settingsStore,
    settings,
    writePolicy,
    locales,
    localeBackfill,
    media,
    ingestSettings: createIngestSettings(config, settings.current),

    /** Makes an accepted message durable, then queues it without waiting for Redis. */
    async accept(message: AcceptedMessage): Promise<number> {
      if (!accepting) throw new PluginNotRunningError();
      const id = await inbox.record({
        messageType: message.messageType,
        organizationId: message.organizationId,
        sourceAddress: message.sourceAddress,
        size: message.body.length,
        sha256: message.sha256,
        itemCount: message.itemCount,
        payload: await encodePayload(message.body),
      });
      queueNow(id, 0);
      return id;
    },

    stuckBefore,

    /** Queues a finished or stuck message again, as a new job; see `markForReplay`. */
    async replay(id: number) {
      const outcome = await inbox.markForReplay(id, stuckBefore());
      if (outcome.replayed) queueNow(id, outcome.replays);
      return outcome;
    },

    queue(): MessageQueue | null {
      return queue;
    },

    async start(): Promise<void> {
      await locales.start();
      await settings.refresh();
      settings.start();
      const current = config();
      siteId = await loadSiteIdentity(strapi);
      queue = createMessageQueue({
        redisUrl: current.redis.url,
        prefix: current.redis.prefix,
        siteId,
        attempts: current.attempts,
        backoffMs: current.backoffMs,
        lockMs: current.jobLockMs,
        log,
      });
      if (current.worker) {
        const processInboxMessage = createMessageProcessor(
          inbox,
          handlers,
          log,
          (message) => {
            if (message.status === 'processed') {
              stats.applied(message.messageType, message.durationMs / 1000);
              afterApplied(message.content);
            }
            events.finished(message);
          },
          // A third of the job lock: a message waiting its turn is never taken for a stuck one.
          () => Math.floor(config().jobLockMs / 3)
        );
        queue.startWorker(current.concurrency, async (id, attempt) => {
          await gate.waitUntilOpen();
          await processInboxMessage(id, attempt);
        });
        workers.start(current.concurrency);
        queue.onConnected(() => void workers.beat());
        const prune = () => prunePayloads(inbox, current.payloadRetentionDays, log);
        timers.push(setTimeout(prune, FIRST_PRUNE_DELAY_MS), setInterval(prune, DAY_MS));
        // Entries a locale lacks: after a switch to locales, or a locale added on another instance.
        const fillLocales = () => void localeBackfill.fill();
        timers.push(setTimeout(fillLocales, 0), setInterval(fillLocales, LOCALE_CHECK_MS));
      }
      media.start({
        redisUrl: current.redis.url,
        prefix: current.redis.prefix,
        siteId,
        worker: current.worker,
      });
      const sweeper = createSweeper(inbox, queue, log);
      queue.onConnected(() => sweeper.redisConnected());
      timers.push(setInterval(() => sweeper.sweep(), current.sweepIntervalMs));
      for (const timer of timers) timer.unref();
      stats.start();
      events.start();
      accepting = true;
      if (!current.authToken && !settings.current().authToken) {
        log.warn(
          'stager: no authentication token set (STAGER_AUTH_TOKEN or Settings → Stager); the webhook answers 503 until one is set'
        );
      }
      log.info(
        `stager: webhook ready; queue worker ${current.worker ? `on (concurrency ${current.concurrency})` : 'off on this instance'}`
      );
    },

    /** Refuses new messages, lets running jobs finish, closes Redis connections. */
    async stop(): Promise<void> {
      accepting = false;
      gate.stop();
      settings.stop();
      for (const timer of timers) clearTimeout(timer);
      timers.length = 0;
      events.stop();
      await Promise.all([stats.stop(), workers.stop()]);
      await imagesHandled;
      await Promise.all([queue?.close(), media.stop()]);
      queue = null;
    },
  };
}

export type Runtime = ReturnType<typeof createRuntime>;
