const POLL_MS = 500;

export class ProcessingPausedError extends Error {
  override name = 'ProcessingPausedError';

  constructor() {
    super('processing is paused and this instance is stopping; the message will be taken again');
  }
}

/**
 * Holds the worker while processing is paused: a message taken from the queue waits, still
 * `queued`, until processing resumes. Pausing is read from the settings cache, which every
 * instance refreshes every few seconds, so a pause saved on one instance holds on all of them.
 */
export function createProcessingGate(isPaused: () => boolean, pollMs = POLL_MS) {
  let stopping = false;
  return {
    async waitUntilOpen(): Promise<void> {
      while (isPaused()) {
        // Throwing hands the job back to the queue, to be retried after its backoff.
        if (stopping) throw new ProcessingPausedError();
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
    stop(): void {
      stopping = true;
    },
  };
}
