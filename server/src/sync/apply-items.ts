import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Core } from '@strapi/strapi';
import type { z } from 'zod';
import type { Transaction } from '../store/sync-guard';
import { errorMessage } from '../utils/error-message';
import { itemErrorsFrom } from './item-errors';
import type { HandlerResult } from './types';

/**
 * Small enough that other requests waiting for SQLite's single connection (the webhook's own
 * inbox writes among them) wait at most one batch, about half a second.
 */
const BATCH_SIZE = 25;

export interface ItemList<T> {
  /** Where the list sits in the message, e.g. `messageContent.events`. */
  path: string;
  items: readonly unknown[];
  schema: z.ZodType<T>;
  apply: (trx: Transaction, item: T) => Promise<void>;
}

/**
 * Validates every item on its own and applies the valid ones in batches, one transaction per
 * batch. A batch that fails is applied again item by item, so that one bad item fails alone; when
 * every item of a batch fails, the cause is not the items (the database, say) and the message is
 * retried instead.
 */
export async function applyItems<T>(
  strapi: Core.Strapi,
  list: ItemList<T>,
  result: HandlerResult,
  onBatchDone: () => Promise<void>
): Promise<void> {
  const valid: Array<{ index: number; item: T }> = [];
  list.items.forEach((raw, index) => {
    const parsed = list.schema.safeParse(raw);
    if (parsed.success) valid.push({ index, item: parsed.data });
    else fail(result, itemErrorsFrom(`${list.path}[${index}]`, parsed.error));
  });

  for (let start = 0; start < valid.length; start += BATCH_SIZE) {
    const batch = valid.slice(start, start + BATCH_SIZE);
    try {
      await strapi.db.transaction(async ({ trx }) => {
        for (const { item } of batch) {
          await list.apply(trx, item);
          // better-sqlite3 answers synchronously: without a yield, a long sync would hold the event
          // loop (webhook answers, Bull's lock renewals) until its very end.
          await yieldToEventLoop();
        }
      });
      result.itemsProcessed += batch.length;
    } catch {
      await applyOneByOne(strapi, list, batch, result);
    }
    await onBatchDone();
  }
}

async function applyOneByOne<T>(
  strapi: Core.Strapi,
  list: ItemList<T>,
  batch: Array<{ index: number; item: T }>,
  result: HandlerResult
): Promise<void> {
  const failures: Array<{ index: number; error: unknown }> = [];
  for (const { index, item } of batch) {
    try {
      await strapi.db.transaction(async ({ trx }) => list.apply(trx, item));
      result.itemsProcessed += 1;
    } catch (error) {
      failures.push({ index, error });
    }
  }
  if (failures.length === batch.length) throw failures[0].error;
  for (const { index, error } of failures) fail(result, [{ path: `${list.path}[${index}]`, reason: errorMessage(error) }]);
}

function fail(result: HandlerResult, errors: HandlerResult['itemErrors']): void {
  result.itemsFailed += 1;
  result.itemErrors.push(...errors);
}
