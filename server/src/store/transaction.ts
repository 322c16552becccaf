import type { Core } from '@strapi/strapi';

/** The knex transaction Strapi hands to `strapi.db.transaction` callbacks. */
export type Transaction = Parameters<Parameters<Core.Strapi['db']['transaction']>[0]>[0]['trx'];

/** The map a transaction keeps in `maps`, begun empty on its first use. */
export function mapOf<K, V>(maps: WeakMap<Transaction, Map<K, V>>, trx: Transaction): Map<K, V> {
  let map = maps.get(trx);
  if (!map) maps.set(trx, (map = new Map()));
  return map;
}
