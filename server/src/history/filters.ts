import { z } from 'zod';
import { INBOX_STATUSES } from '../../../shared/constants';
import type { HistoryFilters, ListMessages } from '../../../shared/contracts/history';

const datetime = z.iso.datetime({
  offset: true,
  message: 'an ISO 8601 time, e.g. 2026-12-01T00:00:00Z',
});

/** The history's filters, as the page sends them in the query string. */
export const historyFiltersSchema = z.strictObject({
  messageType: z.string().min(1).max(100).optional(),
  status: z.enum(INBOX_STATUSES).optional(),
  organizationId: z.string().min(1).max(200).optional(),
  receivedFrom: datetime.optional(),
  receivedTo: datetime.optional(),
}) satisfies z.ZodType<HistoryFilters>;

export const historyQuerySchema = historyFiltersSchema.extend({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
}) satisfies z.ZodType<ListMessages.Request['query']>;

export const messageIdSchema = z.object({ id: z.coerce.number().int().min(1) });

export type HistoryQuery = z.infer<typeof historyQuerySchema>;

/** The inbox query's `where` for the filters. */
export function whereOf(filters: HistoryFilters): Record<string, unknown> {
  const where: Record<string, unknown> = {};
  if (filters.messageType) where.messageType = filters.messageType;
  if (filters.status) where.status = filters.status;
  if (filters.organizationId) where.organizationId = filters.organizationId;
  if (filters.receivedFrom || filters.receivedTo) {
    where.receivedAt = {
      ...(filters.receivedFrom ? { $gte: new Date(filters.receivedFrom) } : {}),
      ...(filters.receivedTo ? { $lte: new Date(filters.receivedTo) } : {}),
    };
  }
  return where;
}
