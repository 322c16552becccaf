import type { JobAttempt, Logger } from '../queue/message-queue';
import { PermanentMessageError, type HandlerResult, type MessageHandler } from '../sync/types';
import { decodePayload } from './payload-codec';
import { createSemaphore, markLater } from './processing-steps';
import type { InboxRow, InboxStore, Outcome } from './store';
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
 * Messages of more items than this (full syncs) are applied one at a time by each instance: each
 * holds its whole decoded content while it runs. Smaller ones run as many at once as the worker's
 * concurrency allows, and their transactions are committed together.
 */
export const ONE_AT_A_TIME_ABOVE_ITEMS = 100;

/** A message still running after this long shows as `processing`; a shorter one is finished in one write. */
const PROCESSING_MARK_DELAY_MS = 1_000;

/**
 * Applies one inbox row: decodes its payload, runs the handler of its message type and records
 * the outcome. Throws when Bull should retry.
 */
export function createMessageProcessor(
  inbox: InboxStore,
  handlers: Record<string, MessageHandler>,
  log: Logger,
  onFinished: (message: FinishedMessage) => void = () => undefined,
  /** How often a message waiting its turn notes that it still waits: well within the job lock. */
  waitingBeatMs: () => number = () => 10_000
) {
  const largeMessages = createSemaphore(1);

  /** Waits for the large message in progress to finish, the row noting meanwhile that it waits. */
  async function waitForTurn(inboxId: number): Promise<void> {
    let waiting = true;
    let timer: NodeJS.Timeout | undefined;
    const beatLater = () => {
      timer = setTimeout(() => {
        inbox
          .stillWaiting(inboxId)
          .catch((error) => log.warn(`stager: inbox message ${inboxId}: ${errorMessage(error)}`))
          .finally(() => waiting && beatLater());
      }, waitingBeatMs());
      timer.unref();
    };
    beatLater();
    try {
      await largeMessages.acquire();
    } finally {
      waiting = false;
      clearTimeout(timer);
    }
  }

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

    if (row.itemCount > ONE_AT_A_TIME_ABOVE_ITEMS) await waitForTurn(inboxId);
    try {
      await apply(row, attempt);
    } finally {
      if (row.itemCount > ONE_AT_A_TIME_ABOVE_ITEMS) largeMessages.release();
    }
  };

  async function apply(row: InboxRow, attempt: JobAttempt): Promise<void> {
    const inboxId = row.id;
    const startedAt = new Date();
    const attempts = row.attempts + 1;
    const processing = markLater(
      () => inbox.markProcessing(row, startedAt),
      PROCESSING_MARK_DELAY_MS,
      (error) => log.warn(`stager: inbox message ${inboxId}: ${errorMessage(error)}`)
    );
    const finish = async (outcome: Omit<Outcome, 'startedAt' | 'attempts'>) => {
      await processing.settled();
      await inbox.finish(inboxId, { ...outcome, startedAt, attempts });
    };
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
      await finish({
        status: 'unsupported',
        error: `no handler for messageType ${row.messageType}`,
      });
      return finished('unsupported', `no handler for messageType ${row.messageType}`);
    }
    if (row.payload === null) {
      await finish({ status: 'failed', error: 'payload pruned after the retention period' });
      return finished('failed', 'payload pruned after the retention period');
    }

    try {
      const envelope = JSON.parse((await decodePayload(row.payload)).toString('utf8'));
      const result = await handler(envelope.messageContent, {
        sequence: row.id,
        receivedAt: new Date(row.receivedAt),
        reportProgress: async (done) => {
          await processing.now();
          await inbox.reportProgress(inboxId, done);
        },
      });
      await finish({
        status: 'processed',
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
        await finish({ status: 'failed', error: reason });
        log.warn(
          `stager: inbox message ${inboxId} (${row.messageType}) failed after ${attempt.number} attempt(s): ${reason}`
        );
        return finished('failed', reason);
      }
      await finish({
        status: 'queued',
        error: `attempt ${attempt.number} failed: ${reason}`,
      });
      throw error;
    }
  }
}

function describeItemErrors({ itemsFailed, itemErrors }: HandlerResult): string {
  const [first] = itemErrors;
  const more = itemErrors.length > 1 ? ` (and ${itemErrors.length - 1} more)` : '';
  return `processed with ${itemsFailed} item error(s): ${first.path}: ${first.reason}${more}`;
}
