import type { Core } from '@strapi/strapi';
import { pluginConfig } from '../config';
import { PENDING_STATUSES } from '../../../shared/constants';
import type { Health, QueueCounts } from '../../../shared/contracts/health';
import { INBOX_UID } from '../inbox/store';
import { getService } from '../services/get-service';
import { TEST_ORGANIZATION_ID } from '../settings/test-message';
import { ENTITY_UIDS } from '../store/entity-types';

/** Stager sends a full sync nightly; a sync older than this means something is wrong. */
export const SYNC_STALE_AFTER_MS = 26 * 60 * 60 * 1000;
const MAX_ORGANIZATIONS = 500;

const toIso = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  const date =
    value instanceof Date
      ? value
      : new Date(
          typeof value === 'string' && /^\d+$/.test(value)
            ? Number(value)
            : (value as string | number)
        );
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

/**
 * When each organisation's last applied ORGANIZATION_SYNC was received, from the inbox (the whole
 * cluster's): a sync that failed, or that waits, has not brought the site up to date.
 */
export async function lastFullSyncs(strapi: Core.Strapi): Promise<Map<string, string | null>> {
  const meta = strapi.db.metadata.get(INBOX_UID);
  const column = (attribute: string) =>
    (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  const rows = (await strapi.db
    .connection(meta.tableName)
    .select({ organizationId: column('organizationId') })
    .max({ lastSyncAt: column('receivedAt') })
    .where(column('messageType'), 'ORGANIZATION_SYNC')
    .where(column('status'), 'processed')
    .whereNotNull(column('organizationId'))
    .groupBy(column('organizationId'))
    .limit(MAX_ORGANIZATIONS)) as Array<{ organizationId: string; lastSyncAt: unknown }>;
  return new Map(rows.map((row) => [String(row.organizationId), toIso(row.lastSyncAt)]));
}

export function createHealthService(strapi: Core.Strapi) {
  const config = () => pluginConfig(strapi);
  const runtime = () => getService(strapi, 'runtime');

  async function queueCounts(): Promise<QueueCounts | null> {
    try {
      return (await runtime().queue()?.counts()) ?? null;
    } catch {
      return null;
    }
  }

  return {
    async health(): Promise<Health> {
      const [oldest] = (await strapi.db.query(INBOX_UID as never).findMany({
        where: { status: { $in: PENDING_STATUSES } },
        select: ['id', 'receivedAt', 'status'],
        orderBy: { id: 'asc' },
        limit: 1,
      })) as Array<{ id: number; receivedAt: unknown; status: string }>;

      const syncs = await lastFullSyncs(strapi);
      const known = (await strapi.db.query(ENTITY_UIDS.organization as never).findMany({
        where: runtime().locales.sourceRows(),
        select: ['stagerId', 'name'],
        limit: MAX_ORGANIZATIONS,
      })) as Array<{ stagerId: string; name: string | null }>;
      const names = new Map(
        known.map((organization) => [organization.stagerId, organization.name])
      );
      const now = Date.now();
      // The admin's test message writes an organisation of its own, which no full sync ever covers.
      names.delete(TEST_ORGANIZATION_ID);
      const organizations = [...new Set([...names.keys(), ...syncs.keys()])]
        .sort()
        .map((organizationId) => {
          const lastSyncAt = syncs.get(organizationId) ?? null;
          return {
            organizationId,
            name: names.get(organizationId) ?? null,
            lastSyncAt,
            stale: lastSyncAt === null || now - Date.parse(lastSyncAt) > SYNC_STALE_AFTER_MS,
          };
        });

      return {
        redis: { connected: runtime().queue()?.isConnected() ?? false },
        queue: await queueCounts(),
        worker: {
          enabled: config().worker,
          concurrency: config().concurrency,
          instances: await runtime()
            .workers.list()
            .catch(() => null),
        },
        processingPaused: runtime().settings.current().processingPaused,
        oldestUnprocessed: oldest
          ? { id: oldest.id, receivedAt: toIso(oldest.receivedAt) ?? '', status: oldest.status }
          : null,
        organizations,
        rejections: await runtime()
          .stats.rejections()
          .catch(() => runtime().rejections.summary()),
        locales: await runtime().localeBackfill.progress(),
      };
    },
  };
}
