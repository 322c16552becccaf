import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { GetHealth } from '../../../shared/contracts/health';
import type {
  GetMessage,
  ListMessages,
  ReplayFailed,
  ReplayMessage,
} from '../../../shared/contracts/history';
import type {
  CheckAllowlist,
  GetSettings,
  ReplaceToken,
  SendTestMessage,
  UpdateSettings,
} from '../../../shared/contracts/settings';
import { historyFiltersSchema, historyQuerySchema, messageIdSchema } from '../history/filters';
import { parseAllowlistEntry } from '../ingest/allowlist';
import { getService } from '../services/get-service';
import {
  allowlistCheckSchema,
  settingsUpdateSchema,
  tokenReplacementSchema,
} from '../settings/validation';
import { parseOrThrow } from './validation';

type Strapi = { strapi: Core.Strapi };

const idOf = (ctx: Context) => parseOrThrow(messageIdSchema, ctx.params).id;

/** Thin handlers: parse the input, call the service, answer `{ data }`. */
export const settingsController = ({ strapi }: Strapi) => {
  const settings = () => getService(strapi, 'settings');
  return {
    async read(ctx: Context) {
      ctx.body = { data: await settings().view() } satisfies GetSettings.Response;
    },
    async update(ctx: Context) {
      ctx.body = {
        data: await settings().update(parseOrThrow(settingsUpdateSchema, ctx.request.body)),
      } satisfies UpdateSettings.Response;
    },
    async replaceToken(ctx: Context) {
      ctx.body = {
        data: await settings().replaceToken(parseOrThrow(tokenReplacementSchema, ctx.request.body)),
      } satisfies ReplaceToken.Response;
    },
    /** Checks allowlist entries as they are typed: one line per entry, null when it is valid. */
    async checkAllowlist(ctx: Context) {
      const { entries } = parseOrThrow(allowlistCheckSchema, ctx.request.body);
      ctx.body = {
        data: { errors: entries.map((entry) => parseAllowlistEntry(entry).error ?? null) },
      } satisfies CheckAllowlist.Response;
    },
    async sendTestMessage(ctx: Context) {
      ctx.body = { data: await settings().sendTestMessage() } satisfies SendTestMessage.Response;
    },
  };
};

export const historyController = ({ strapi }: Strapi) => {
  const history = () => getService(strapi, 'history');
  return {
    async list(ctx: Context) {
      ctx.body = (await history().list(
        parseOrThrow(historyQuerySchema, ctx.query)
      )) satisfies ListMessages.Response;
    },
    async detail(ctx: Context) {
      ctx.body = { data: await history().detail(idOf(ctx)) } satisfies GetMessage.Response;
    },
    /** The stored bytes as they arrived: the page pretty-prints them. */
    async payload(ctx: Context) {
      ctx.type = 'application/json';
      ctx.body = await history().payload(idOf(ctx));
    },
    async replay(ctx: Context) {
      ctx.body = { data: await history().replay(idOf(ctx)) } satisfies ReplayMessage.Response;
    },
    async replayFailed(ctx: Context) {
      ctx.body = {
        data: await history().replayFailed(
          parseOrThrow(historyFiltersSchema, ctx.request.body ?? {})
        ),
      } satisfies ReplayFailed.Response;
    },
    async health(ctx: Context) {
      ctx.body = { data: await getService(strapi, 'health').health() } satisfies GetHealth.Response;
    },
  };
};
