import { createHash, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { pluginConfig } from '../config';
import { lastFullSyncs } from '../history/health';
import { INBOX_UID } from '../inbox/store';
import { getService } from '../services/get-service';
import { createPrometheusMetrics } from './prometheus';

/** Compares digests, so the comparison takes the same time whatever the tokens' lengths. */
function sameToken(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match ? match[1] : null;
}

async function messageCounts(strapi: Core.Strapi) {
  const meta = strapi.db.metadata.get(INBOX_UID);
  const column = (attribute: string) =>
    (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  const rows = (await strapi.db
    .connection(meta.tableName)
    .select({ messageType: column('messageType'), status: column('status') })
    .count({ count: '*' })
    .groupBy(column('messageType'), column('status'))) as Array<{
    messageType: string;
    status: string;
    count: string | number;
  }>;
  return rows.map((row) => ({
    messageType: row.messageType,
    status: row.status,
    count: Number(row.count),
  }));
}

/**
 * GET /api/stager/metrics: Prometheus's text format, only with `Authorization: Bearer <metricsToken>`.
 * Without a token configured the route does not exist (404), so nothing is exposed by default.
 */
export const metricsController = ({ strapi }: { strapi: Core.Strapi }) => {
  const metrics = createPrometheusMetrics({
    webhookAnswers: () => getService(strapi, 'runtime').stats.answers(),
    messages: () => messageCounts(strapi),
    queueJobs: async () => {
      const counts = await getService(strapi, 'runtime').queue()?.counts();
      if (!counts) throw new Error('the queue is not running');
      return { ...counts };
    },
    lastFullSyncs: () => lastFullSyncs(strapi),
    applyDurations: () => getService(strapi, 'runtime').stats.durations(),
  });

  return {
    async scrape(ctx: Context) {
      const { metricsToken } = pluginConfig(strapi);
      if (!metricsToken) throw new errors.NotFoundError('Not Found');
      const given = bearerToken(ctx.get('Authorization'));
      if (given === null || !sameToken(given, metricsToken)) {
        ctx.set('WWW-Authenticate', 'Bearer realm="stager metrics"');
        throw new errors.UnauthorizedError('Authorization: Bearer <metricsToken> required');
      }
      ctx.type = metrics.contentType;
      ctx.body = await metrics.text();
    },
  };
};
