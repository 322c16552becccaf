import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';

const CORE_STORE_UID = 'strapi::core-store';
const SITE_KEY = 'plugin_stager_site';

/**
 * The site's identity: made once, kept in the site's own database (Strapi's core store), so every
 * instance of a site shares it and no other site has it. It names the site's queue, so that sites
 * sharing one Redis never see each other's jobs. Instances booting together on a fresh database
 * may each write one; the first row written wins for all of them.
 */
export async function loadSiteIdentity(strapi: Core.Strapi): Promise<string> {
  const first = async () => {
    const [row] = (await strapi.db.query(CORE_STORE_UID as never).findMany({
      where: { key: SITE_KEY },
      select: ['id', 'value'],
      orderBy: { id: 'asc' },
      limit: 1,
    })) as Array<{ value: string }>;
    return row ? identityIn(row.value) : null;
  };
  const existing = await first();
  if (existing) return existing;
  const created = randomBytes(8).toString('hex');
  await strapi.db.query(CORE_STORE_UID as never).create({
    data: {
      key: SITE_KEY,
      value: JSON.stringify({ siteId: created }),
      type: 'object',
      environment: null,
      tag: null,
    },
  });
  return (await first()) ?? created;
}

function identityIn(value: string): string | null {
  try {
    const siteId = (JSON.parse(value) as { siteId?: unknown }).siteId;
    return typeof siteId === 'string' && /^[0-9a-f]{16}$/.test(siteId) ? siteId : null;
  } catch {
    return null;
  }
}
