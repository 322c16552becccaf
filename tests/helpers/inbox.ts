import type { Core } from '@strapi/strapi';
import { INBOX_UID } from '../../server/src/inbox/store';
import { FINISHED_STATUSES } from '../../shared/constants';
import { eventually, postSigned } from './http';
import type { TestSite } from './site';

export { INBOX_UID };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test knows the columns it reads
export type LooseRow = Record<string, any>;

export function inboxRow(strapi: Core.Strapi, id: number) {
  return strapi.db.query(INBOX_UID as never).findOne({ where: { id } }) as Promise<LooseRow | null>;
}

/** Resolves with the row once its status is one of `statuses`. */
export async function rowWithStatus(strapi: Core.Strapi, id: number, statuses: readonly string[]) {
  const row = await inboxRow(strapi, id);
  return row && statuses.includes(row.status) ? row : null;
}

/** Resolves with the row once the worker is done with it: processed, failed or unsupported. */
export function settledRow(strapi: Core.Strapi, id: number, withinMs = 20_000) {
  return eventually(
    () => rowWithStatus(strapi, id, FINISHED_STATUSES),
    withinMs,
    `inbox row ${id} to settle`
  );
}

/** Posts a signed message, expects 202, and resolves with its row once it is finished. */
export async function sendAndSettle(site: TestSite, message: unknown, withinMs = 20_000) {
  const answer = await postSigned(site.webhookUrl, message, site.token);
  expect(answer.status).toBe(202);
  return settledRow(site.strapi, answer.json.data.id as number, withinMs);
}
