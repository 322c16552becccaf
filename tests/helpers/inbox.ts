import type { Core } from '@strapi/strapi';
import { INBOX_UID } from '../../server/src/inbox/store';

export { INBOX_UID };

export function inboxRow(strapi: Core.Strapi, id: number) {
  return strapi.db.query(INBOX_UID as never).findOne({ where: { id } }) as Promise<Record<string, any> | null>;
}

/** Resolves with the row once its status is one of `statuses`. */
export async function rowWithStatus(strapi: Core.Strapi, id: number, statuses: string[]) {
  const row = await inboxRow(strapi, id);
  return row && statuses.includes(row.status) ? row : null;
}
