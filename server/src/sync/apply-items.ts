import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { z } from 'zod';
import type { EntityKey, RunInTransaction } from '../store/entities';
import type { Transaction } from '../store/sync-guard';
import { errorMessage } from '../utils/error-message';
import { itemErrorsFrom } from './item-errors';
import type { HandlerResult } from './types';

/** A batch is committed after `maxItems` items or `maxMs`, whichever comes first. */
export interface BatchLimits {
  maxItems: number;
  maxMs: number;
}

export interface ItemList<T> {
  /** Where the list sits in the message, e.g. `messageContent.events`. */
  path: string;
  items: readonly unknown[];
  schema: z.ZodType<T>;
  apply: (trx: Transaction, item: T) => Promise<void>;
  /** The entities `apply` writes for an item: a batch prepares those of all its items at once. */
  entitiesOf?: (item: T) => readonly EntityKey[];
}

/**
 * Validates every item on its own and applies the valid ones in batches, one transaction per
 * batch. A batch that fails is applied again item by item, so that one bad item fails alone; when
 * every item of a batch fails, the cause is not the items (the database, say) and the message is
 * retried instead.
 */
export async function applyItems<T>(
  transaction: RunInTransaction,
  limits: BatchLimits,
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

  let next = 0;
  while (next < valid.length) {
    const first = next;
    const entities = valid
      .slice(first, first + limits.maxItems)
      .flatMap(({ item }) => list.entitiesOf?.(item) ?? []);
    try {
      await transaction(async (trx) => {
        next = first;
        const started = Date.now();
        while (
          next < valid.length &&
          next - first < limits.maxItems &&
          Date.now() - started < limits.maxMs
        ) {
          await list.apply(trx, valid[next].item);
          next += 1;
          // better-sqlite3 answers synchronously: without a yield, a long sync would hold the event
          // loop (webhook answers, Bull's lock renewals) until its very end.
          await yieldToEventLoop();
        }
      }, entities);
      result.itemsProcessed += next - first;
    } catch {
      // Rolled back, either at item `next` or when the batch's new entries were created: apply the
      // batch again one item at a time.
      const end = Math.min(next + 1, valid.length);
      await applyOneByOne(transaction, list, valid.slice(first, end), result);
      next = end;
    }
    // After the last batch, the message's own outcome tells as much.
    if (next < valid.length) await onBatchDone();
  }
}

async function applyOneByOne<T>(
  transaction: RunInTransaction,
  list: ItemList<T>,
  batch: Array<{ index: number; item: T }>,
  result: HandlerResult
): Promise<void> {
  const failures: Array<{ index: number; error: unknown }> = [];
  for (const { index, item } of batch) {
    try {
      await transaction((trx) => list.apply(trx, item), list.entitiesOf?.(item));
      result.itemsProcessed += 1;
    } catch (error) {
      failures.push({ index, error });
    }
  }
  if (failures.length === batch.length) throw failures[0].error;
  for (const { index, error } of failures)
    fail(result, [{ path: `${list.path}[${index}]`, reason: errorMessage(error) }]);
}

function fail(result: HandlerResult, errors: HandlerResult['itemErrors']): void {
  result.itemsFailed += 1;
  result.itemErrors.push(...errors);
}
