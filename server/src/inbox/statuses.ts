export const INBOX_STATUSES = ['received', 'queued', 'processing', 'processed', 'failed', 'unsupported'] as const;

export type InboxStatus = (typeof INBOX_STATUSES)[number];

/** Statuses of a message that still has to be applied. */
export const PENDING_STATUSES: readonly InboxStatus[] = ['received', 'queued', 'processing'];
