import { createMessageProcessor } from '../../server/src/inbox/processor';
import { encodePayload } from '../../server/src/inbox/payload-codec';
import type { InboxRow, InboxStore } from '../../server/src/inbox/store';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const BEAT_MS = 20;

/** An inbox of full syncs in memory, recording when each row noted that it still waits. */
async function fullSyncInbox(ids: number[]) {
  const payload = await encodePayload(Buffer.from(JSON.stringify({ messageContent: {} })));
  const rows = new Map<number, InboxRow>(
    ids.map((id) => [
      id,
      {
        id,
        receivedAt: new Date().toISOString(),
        messageType: 'ORGANIZATION_SYNC',
        organizationId: 'org-1',
        status: 'queued',
        attempts: 0,
        replays: 0,
        itemCount: 2000,
        payload,
      },
    ])
  );
  const waitingNotes: number[] = [];
  const inbox = {
    load: async (id: number) => rows.get(id) ?? null,
    stillWaiting: async (id: number) => void waitingNotes.push(id),
    markProcessing: async (row: InboxRow) => void (rows.get(row.id)!.status = 'processing'),
    reportProgress: async () => undefined,
    finish: async (id: number, outcome: { status: InboxRow['status'] }) =>
      void (rows.get(id)!.status = outcome.status),
  } as unknown as InboxStore;
  return { inbox, rows, waitingNotes };
}

describe('a full sync waiting for the one being applied', () => {
  it('notes that it still waits until its turn comes, and stops once it has it', async () => {
    const { inbox, rows, waitingNotes } = await fullSyncInbox([1, 2]);
    let finishFirst = () => undefined as void;
    const applied: number[] = [];
    const handler = async () => {
      applied.push(applied.length + 1);
      if (applied.length === 1) await new Promise<void>((resolve) => (finishFirst = resolve));
      return { itemsProcessed: 2000, itemsFailed: 0, itemErrors: [] };
    };
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const processInboxMessage = createMessageProcessor(
      inbox,
      { ORGANIZATION_SYNC: handler },
      log,
      undefined,
      () => BEAT_MS
    );
    const attempt = { number: 1, isLast: false, replay: 0 };

    const first = processInboxMessage(1, attempt);
    await pause(5);
    const second = processInboxMessage(2, attempt);
    await pause(10 * BEAT_MS);
    expect(applied).toEqual([1]);
    expect(rows.get(2)!.status).toBe('queued');
    // The waiting one, about every beat; never the one being applied.
    expect(waitingNotes.length).toBeGreaterThanOrEqual(5);
    expect(new Set(waitingNotes)).toEqual(new Set([2]));

    finishFirst();
    await Promise.all([first, second]);
    expect([rows.get(1)!.status, rows.get(2)!.status]).toEqual(['processed', 'processed']);
    const notesWhenDone = waitingNotes.length;
    await pause(3 * BEAT_MS);
    expect(waitingNotes.length).toBe(notesWhenDone);
  });
});
