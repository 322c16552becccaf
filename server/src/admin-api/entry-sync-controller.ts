import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { z } from 'zod';
import { ACTIONS } from '../../../shared/constants';
import type {
  GetEntrySync,
  GetLastSynced,
  ReplayLastMessage,
} from '../../../shared/contracts/change-record';
import { SYNCED_TYPES } from '../../../shared/contracts/fields';
import { getService } from '../services/get-service';
import { ENTITY_UIDS, type EntityType } from '../store/entity-types';
import { parseOrThrow } from './validation';

/** The Content Manager's own permission to read entries of a type. */
const CONTENT_MANAGER_READ = 'plugin::content-manager.explorer.read';
const MAX_DOCUMENT_IDS = 100;

const entryType = z.enum(SYNCED_TYPES, { error: 'one of event, location, organization' });
const documentId = z.string().min(1).max(100);
const entryParams = z.object({ entryType, documentId });
const statusQuery = z.object({ locale: z.string().max(35).optional() });
const lastSyncedQuery = z.object({
  documentIds: z
    .string()
    .transform((list) => list.split(',').filter(Boolean))
    .pipe(z.array(documentId).max(MAX_DOCUMENT_IDS)),
});

interface Ability {
  can(action: string, subject?: string): boolean;
}

/**
 * The Content Manager's Stager panel, list column and document action. Each route's policy asks
 * for the plugin's action; each handler also asks for the Content Manager's read permission of the
 * entry's type, as the Content Manager itself would.
 */
export const entrySyncController = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'entrySync');
  const mayRead = (ctx: Context, type: EntityType) =>
    (ctx.state.userAbility as Ability | undefined)?.can(CONTENT_MANAGER_READ, ENTITY_UIDS[type]) ??
    false;
  function readableEntry(ctx: Context) {
    const params = parseOrThrow(entryParams, ctx.params);
    if (!mayRead(ctx, params.entryType))
      throw new errors.ForbiddenError(`you may not read ${params.entryType} entries`);
    return params;
  }

  return {
    async status(ctx: Context) {
      const { entryType: type, documentId: id } = readableEntry(ctx);
      const { locale } = parseOrThrow(statusQuery, ctx.query);
      const ability = ctx.state.userAbility as Ability;
      ctx.body = {
        data: {
          ...(await service().status(type, id, locale)),
          canReplay: ability.can(ACTIONS.replay),
        },
      } satisfies GetEntrySync.Response;
    },
    async lastSynced(ctx: Context) {
      const type = parseOrThrow(z.object({ entryType }), ctx.params).entryType;
      if (!mayRead(ctx, type)) throw new errors.ForbiddenError(`you may not read ${type} entries`);
      const { documentIds } = parseOrThrow(lastSyncedQuery, ctx.query);
      ctx.body = {
        data: await service().lastSynced(type, documentIds),
      } satisfies GetLastSynced.Response;
    },
    async replayLast(ctx: Context) {
      const { entryType: type, documentId: id } = readableEntry(ctx);
      const messageId = await service().lastMessageOf(type, id);
      ctx.body = {
        data: await getService(strapi, 'history').replay(messageId),
      } satisfies ReplayLastMessage.Response;
    },
  };
};
