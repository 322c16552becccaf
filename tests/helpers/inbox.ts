import type { Core } from '@strapi/strapi';

export const INBOX_UID = 'plugin::stager.inbox-message';

export function inboxRow(strapi: Core.Strapi, id: number) {
  return strapi.db.query(INBOX_UID as never).findOne({ where: { id } }) as Promise<Record<string, any> | null>;
}

/** Resolves with the row once its status is one of `statuses`. */
export async function rowWithStatus(strapi: Core.Strapi, id: number, statuses: string[]) {
  const row = await inboxRow(strapi, id);
  return row && statuses.includes(row.status) ? row : null;
}
