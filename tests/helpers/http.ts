import { createHmac } from 'node:crypto';
import http, { type OutgoingHttpHeaders } from 'node:http';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed, or null; tests read into it freely. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test knows the answer it expects
  json: any;
}

export interface RequestOptions {
  method?: string;
  headers?: OutgoingHttpHeaders;
  /** Sent in one piece with a Content-Length, unless `chunks` is given. */
  body?: Buffer | string;
  /** Sent with `Transfer-Encoding: chunked`, one write each, `pauseMs` apart. */
  chunks?: Array<Buffer | string>;
  pauseMs?: number;
}

/** A plain HTTP request with full control over headers and how the body is sent. */
export function request(
  url: string,
  { method = 'POST', headers = {}, body, chunks, pauseMs = 0 }: RequestOptions = {}
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // No keep-alive: each request has its own connection, closed with its answer.
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => {
        // Whatever the server did not read of an oversized body, the client stops sending now.
        req.destroy();
        const text = Buffer.concat(parts).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = null;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    // The server may answer and close before an oversized body is fully sent; the answer is what counts.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    let complete = false;
    req.on('response', (res) => res.on('end', () => (complete = true)));
    req.on('close', () => {
      if (!complete) reject(new Error('the connection closed without a complete answer'));
    });
    if (chunks) {
      void (async () => {
        for (const chunk of chunks) {
          if (req.destroyed) return;
          req.write(chunk);
          if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
        }
        req.end();
      })();
    } else {
      req.end(body);
    }
  });
}

export const hmacHex = (body: Buffer | string, token: string) =>
  createHmac('sha256', token).update(body).digest('hex');
export const hmacBase64 = (body: Buffer | string, token: string) =>
  createHmac('sha256', token).update(body).digest('base64');

/** POSTs `message` as JSON bytes, signed with `token` as Stager signs. */
export function postSigned(
  url: string,
  message: unknown,
  token: string,
  headers: OutgoingHttpHeaders = {}
): Promise<Answer> {
  const body = Buffer.isBuffer(message)
    ? message
    : Buffer.from(typeof message === 'string' ? message : JSON.stringify(message));
  return request(url, {
    body,
    headers: {
      'content-type': 'application/json',
      'x-signature': hmacHex(body, token),
      ...headers,
    },
  });
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
  what = 'condition'
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`
  );
}
