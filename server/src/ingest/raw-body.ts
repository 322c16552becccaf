import type { IncomingMessage } from 'node:http';

/** The body could not be read: too slow (408), too large (413) or cut off (400). */
export class BodyReadError extends Error {
  override name = 'BodyReadError';

  constructor(
    readonly status: 408 | 413 | 400,
    message: string
  ) {
    super(message);
  }
}

/**
 * Reads a request body into one Buffer, never holding more than `limit` bytes: a body that grows
 * past it is refused with 413 and the rest is not read. A sender that stays silent for
 * `idleTimeoutMs` is refused with 408. `onChunk` sees each chunk as it arrives.
 */
export function readRawBody(
  req: IncomingMessage,
  {
    limit,
    idleTimeoutMs,
    onChunk,
  }: { limit: number; idleTimeoutMs: number; onChunk?: (chunk: Buffer) => void }
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let timer: NodeJS.Timeout | undefined;

    const cleanup = () => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const fail = (error: BodyReadError) => {
      cleanup();
      // Stop reading: the answer goes out with `Connection: close` and the socket is dropped after it.
      req.pause();
      reject(error);
    };
    const armTimer = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () =>
          fail(
            new BodyReadError(
              408,
              `request body not received within ${idleTimeoutMs} ms of silence`
            )
          ),
        idleTimeoutMs
      );
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        fail(new BodyReadError(413, `request body is larger than the limit of ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
      onChunk?.(chunk);
      armTimer();
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received));
    };
    const onError = (error: Error) =>
      fail(new BodyReadError(400, `request body could not be read: ${error.message}`));
    const onAborted = () => fail(new BodyReadError(400, 'request body was cut off by the client'));

    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
    armTimer();
  });
}
