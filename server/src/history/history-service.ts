import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { decodePayload } from '../inbox/payload-codec';
import { ONE_AT_A_TIME_ABOVE_ITEMS } from '../inbox/processor';
import { INBOX_UID, isReplayable, type ReplayOutcome } from '../inbox/store';
import { getService } from '../services/get-service';
import { ENTITY_UIDS, type EntityType } from '../store/entity-types';
import type {
  EntryLink,
  HistoryFilters,
  HistoryRow,
  ListMessages,
  MessageDetail,
  MessageImageStatus,
  ReplayFailed,
  ReplayMessage,
} from '../../../shared/contracts/history';
import type { ChangeRecordEntry } from '../../../shared/contracts/change-record';
import { whereOf, type HistoryQuery } from './filters';
import { summarisePayload } from './message-summary';
import { imagesOfMessage } from '../media/images-of-message';

/** The columns of the history table; the payload and item errors only come with one message. */
const LIST_FIELDS = [
  'id',
  'receivedAt',
  'messageType',
  'organizationId',
  'sourceAddress',
  'size',
  'itemCount',
  'itemsProcessed',
  'itemsFailed',
  'status',
  'durationMs',
  'attempts',
  'replays',
  'error',
  'startedAt',
  'finishedAt',
  'payloadPrunedAt',
];

/** Failed messages replayed at most per "replay all failed" request. */
const MAX_BULK_REPLAY = 1_000;

export function createHistoryService(strapi: Core.Strapi) {
  const inbox = () => strapi.db.query(INBOX_UID as never);

  async function findPayload(id: number): Promise<Buffer> {
    const row = (await inbox().findOne({ where: { id }, select: ['id', 'payload'] })) as {
      payload: string | null;
    } | null;
    if (!row) throw new errors.NotFoundError(`message ${id} not found`);
    if (row.payload === null)
      throw new errors.NotFoundError(
        `the payload of message ${id} was pruned after the retention period`
      );
    return decodePayload(row.payload);
  }

  async function linksTo(
    type: EntityType,
    stagerIds: string[],
    changes: Map<string, ChangeRecordEntry>
  ): Promise<EntryLink[]> {
    if (stagerIds.length === 0) return [];
    const changeOf = (stagerId: string) => {
      const record = changes.get(`${type}:${stagerId}`);
      return record
        ? { action: record.action, fields: record.fields.map(({ field }) => field) }
        : null;
    };
    const uid = ENTITY_UIDS[type];
    const source = getService(strapi, 'runtime').locales.sourceRows();
    const rows = (await strapi.db.query(uid as never).findMany({
      where: { stagerId: { $in: stagerIds }, ...source },
      select: ['documentId', 'stagerId', 'name'],
    })) as Array<{ documentId: string; stagerId: string; name: string | null }>;
    // The Content Manager opens an entry in the site's default locale unless told another.
    const inLocale = source.locale ? `?plugins[i18n][locale]=${source.locale}` : '';
    return rows.map((row) => ({
      type,
      stagerId: row.stagerId,
      documentId: row.documentId,
      name: row.name,
      contentManagerPath: `/content-manager/collection-types/${uid}/${row.documentId}${inLocale}`,
      change: changeOf(row.stagerId),
    }));
  }

  /** The images the message carries, each with what became of it. */
  async function imagesOf(envelope: unknown): Promise<MessageImageStatus[]> {
    const images = imagesOfMessage(
      (envelope as { messageContent?: unknown } | null)?.messageContent
    );
    const states = await getService(strapi, 'runtime').media.statesOf(images.map(({ url }) => url));
    return images.map(({ url }) => {
      const source = states.get(url);
      return {
        url,
        state: source?.state ?? null,
        reason: source?.reason ?? null,
        attempts: source?.attempts ?? 0,
        fileId: source?.state === 'stored' ? source.fileId : null,
      };
    });
  }

  function explainRefusal(id: number, outcome: Exclude<ReplayOutcome, { replayed: true }>): never {
    switch (outcome.reason) {
      case 'not-found':
        throw new errors.NotFoundError(`message ${id} not found`);
      case 'not-finished':
        throw new errors.ValidationError(
          `message ${id} is ${outcome.status}; only processed, failed or unsupported messages can be replayed, and queued or processing ones that have not moved for longer than the job lock (jobLockMs)`
        );
      case 'payload-pruned':
        throw new errors.ValidationError(
          `message ${id} cannot be replayed: its payload was pruned after the retention period`
        );
      default:
        throw new errors.ValidationError(
          `message ${id} changed while it was being replayed; reload and try again`
        );
    }
  }

  return {
    async list({ page, pageSize, ...filters }: HistoryQuery): Promise<ListMessages.Response> {
      const { results, pagination } = await inbox().findPage({
        where: whereOf(filters),
        select: LIST_FIELDS,
        orderBy: { id: 'desc' },
        page,
        pageSize,
      });
      return { results: results as HistoryRow[], pagination };
    },

    async detail(id: number): Promise<MessageDetail> {
      const row = (await inbox().findOne({
        where: { id },
        select: [...LIST_FIELDS, 'sha256', 'itemErrors', 'updatedAt'],
      })) as (MessageDetail['message'] & { updatedAt: unknown }) | null;
      if (!row) throw new errors.NotFoundError(`message ${id} not found`);
      const { updatedAt: _updatedAt, ...message } = row;
      // Finished, or queued or processing without moving for longer than the job lock: stuck.
      const finishedOrStuck = isReplayable(row, getService(strapi, 'runtime').stuckBefore());
      const replayable = !message.payloadPrunedAt && finishedOrStuck;
      const waitingBehind =
        message.status === 'queued' &&
        !finishedOrStuck &&
        message.itemCount > ONE_AT_A_TIME_ABOVE_ITEMS
          ? await getService(strapi, 'runtime').inbox.fullSyncInProgress(
              id,
              ONE_AT_A_TIME_ABOVE_ITEMS
            )
          : null;
      if (message.payloadPrunedAt)
        return { message, replayable, waitingBehind, summary: null, entries: [], images: null };

      const envelope = JSON.parse((await findPayload(id)).toString('utf8'));
      const summary = summarisePayload(envelope);
      // What the message did to each entry: its first record of the entry.
      const changes = new Map(
        (await getService(strapi, 'entrySync').changesOfMessage(id))
          .reverse()
          .map((record) => [`${record.entryType}:${record.stagerId}`, record])
      );
      const entries = [
        ...(await linksTo(
          'organization',
          summary.organization ? [summary.organization.id] : [],
          changes
        )),
        ...(await linksTo(
          'location',
          [
            ...new Set([
              ...summary.locations.ids,
              ...summary.deletedLocations.ids,
              ...summary.embeddedLocationIds,
            ]),
          ],
          changes
        )),
        ...(await linksTo(
          'event',
          [...new Set([...summary.events.ids, ...summary.deletedEvents.ids])],
          changes
        )),
      ];
      return {
        message,
        replayable,
        waitingBehind,
        summary,
        entries,
        images: await imagesOf(envelope),
      };
    },

    payload: findPayload,

    async replay(id: number): Promise<ReplayMessage.Response['data']> {
      const outcome = await getService(strapi, 'runtime').replay(id);
      if (!outcome.replayed) explainRefusal(id, outcome);
      return { id, replays: outcome.replays };
    },

    /** Replays every failed message matching the filters, oldest first, so receipt order is kept. */
    async replayFailed(filters: HistoryFilters): Promise<ReplayFailed.Response['data']> {
      const rows = (await inbox().findMany({
        where: { ...whereOf(filters), status: 'failed', payloadPrunedAt: { $null: true } },
        select: ['id'],
        orderBy: { id: 'asc' },
        limit: MAX_BULK_REPLAY,
      })) as Array<{ id: number }>;
      const replayed: number[] = [];
      for (const { id } of rows) {
        if ((await getService(strapi, 'runtime').replay(id)).replayed) replayed.push(id);
      }
      return { replayed: replayed.length, ids: replayed };
    },
  };
}

export type HistoryService = ReturnType<typeof createHistoryService>;
