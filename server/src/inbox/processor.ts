import type { JobAttempt, Logger } from '../queue/message-queue';
import { PermanentMessageError, type HandlerResult, type MessageHandler } from '../sync/types';
import { decodePayload } from './payload-codec';
import type { InboxStore } from './store';
import { errorMessage } from '../utils/error-message';
import { isFinished } from '../../../shared/constants';

/** A message the worker is done with (not a failed attempt that will be retried). */
export interface FinishedMessage {
  id: number;
  messageType: string;
  organizationId: string | null;
  status: 'processed' | 'failed' | 'unsupported';
  error: string | null;
  startedAt: Date;
  durationMs: number;
  attempts: number;
  result: HandlerResult | null;
  /** The applied message's content, for what follows it (its images); null when it was not applied. */
  content: unknown;
}

/**
 * Applies one inbox row: decodes its payload, runs the handler of its message type and records
 * the outcome. Throws when Bull should retry.
 */
export function createMessageProcessor(
  inbox: InboxStore,
  handlers: Record<string, MessageHandler>,
  log: Logger,
  onFinished: (message: FinishedMessage) => void = () => undefined
) {
  return async function processInboxMessage(inboxId: number, attempt: JobAttempt): Promise<void> {
    const row = await inbox.load(inboxId);
    if (!row) {
      log.warn(`stager: inbox message ${inboxId} no longer exists; job dropped`);
      return;
    }
    // A duplicate job for a row that is already done (e.g. queued by two sweepers): nothing to do.
    if (isFinished(row.status)) return;
    // The row was replayed since this job was queued: the replay's own job applies it.
    if (attempt.replay < row.replays) return;

    const startedAt = new Date();
    await inbox.markProcessing(row, startedAt);
    const finished = (
      status: FinishedMessage['status'],
      error: string | null,
      result: HandlerResult | null = null,
      content: unknown = null
    ) => {
      try {
        onFinished({
          id: inboxId,
          messageType: row.messageType,
          organizationId: row.organizationId,
          status,
          error,
          startedAt,
          durationMs: Date.now() - startedAt.getTime(),
          attempts: attempt.number,
          result,
          content,
        });
      } catch (failure) {
        log.warn(`stager: after inbox message ${inboxId}: ${errorMessage(failure)}`);
      }
    };

    const handler = Object.hasOwn(handlers, row.messageType)
      ? handlers[row.messageType]
      : undefined;
    if (!handler) {
      await inbox.finish(inboxId, {
        status: 'unsupported',
        startedAt,
        error: `no handler for messageType ${row.messageType}`,
      });
      return finished('unsupported', `no handler for messageType ${row.messageType}`);
    }
    if (row.payload === null) {
      await inbox.finish(inboxId, {
        status: 'failed',
        startedAt,
        error: 'payload pruned after the retention period',
      });
      return finished('failed', 'payload pruned after the retention period');
    }

    try {
      const envelope = JSON.parse((await decodePayload(row.payload)).toString('utf8'));
      const result = await handler(envelope.messageContent, {
        sequence: row.id,
        receivedAt: new Date(row.receivedAt),
        reportProgress: (done) => inbox.reportProgress(inboxId, done),
      });
      await inbox.finish(inboxId, {
        status: 'processed',
        startedAt,
        itemsProcessed: result.itemsProcessed,
        itemsFailed: result.itemsFailed,
        itemErrors: result.itemErrors,
        error: result.itemsFailed > 0 ? describeItemErrors(result) : null,
      });
      finished(
        'processed',
        result.itemsFailed > 0 ? describeItemErrors(result) : null,
        result,
        envelope.messageContent
      );
    } catch (error) {
      const reason = errorMessage(error);
      const permanent = error instanceof PermanentMessageError;
      if (permanent || attempt.isLast) {
        await inbox.finish(inboxId, { status: 'failed', startedAt, error: reason });
        log.warn(
          `stager: inbox message ${inboxId} (${row.messageType}) failed after ${attempt.number} attempt(s): ${reason}`
        );
        return finished('failed', reason);
      }
      await inbox.finish(inboxId, {
        status: 'queued',
        startedAt,
        error: `attempt ${attempt.number} failed: ${reason}`,
      });
      throw error;
    }
  };
}

function describeItemErrors({ itemsFailed, itemErrors }: HandlerResult): string {
  const [first] = itemErrors;
  const more = itemErrors.length > 1 ? ` (and ${itemErrors.length - 1} more)` : '';
  return `processed with ${itemsFailed} item error(s): ${first.path}: ${first.reason}${more}`;
}
