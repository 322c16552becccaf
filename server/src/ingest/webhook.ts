import { isUtf8 } from 'node:buffer';
import type { Context, Next } from 'koa';
import { isSummarisedPath, summariseEnvelope, type MessageSummary } from '../feed/envelope';
import type { Allowlist } from './allowlist';
import { JsonSyntaxError, parseJsonSkeleton } from './json-skeleton';
import { BodyReadError, readRawBody } from './raw-body';
import type { RejectionLog } from './rejections';
import { createBodyDigests, parseSignatureHeader } from './signature';
import { errorMessage } from '../utils/error-message';

export interface IngestSettings {
  /** Tokens a signature may be made with: the current one and, during a rotation, the previous one. */
  tokens: string[];
  allowlist: Allowlist;
  maxBodySize: number;
  bodyReadTimeoutMs: number;
}

export interface AcceptedMessage extends MessageSummary {
  body: Buffer;
  sha256: string;
  sourceAddress: string | null;
}

export interface WebhookOptions {
  path: string;
  settings: () => IngestSettings;
  /** Stores the message durably and resolves with its receipt sequence; rejects when it cannot. */
  accept: (message: AcceptedMessage) => Promise<number>;
  rejections: RejectionLog;
  /** Told of every answer, for the cluster's figures; refusals come with their reason and source. */
  onAnswer?: (status: number, refusal?: { reason: string; source: string | null }) => void;
  /** Error details that must not reach the sender go here. */
  logError: (message: string) => void;
}

/** A refused request: answered with its status and one-line reason, counted and logged. */
class WebhookRejection extends Error {
  override name = 'WebhookRejection';

  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
  }
}

/**
 * The webhook, as a Koa middleware that runs ahead of Strapi's body parser: it reads the raw
 * bytes itself, with its own limit, and answers every request on its path.
 */
export function createWebhookMiddleware({
  path,
  settings,
  accept,
  rejections,
  onAnswer = () => undefined,
  logError,
}: WebhookOptions) {
  return async function stagerWebhook(ctx: Context, next: Next) {
    if (ctx.path !== path) return next();

    try {
      const id = await receive(ctx, settings());
      ctx.status = 202;
      ctx.body = { data: { id, status: 'received' } };
      onAnswer(202);
    } catch (error) {
      if (!(error instanceof WebhookRejection)) throw error;
      rejections.record(error.status, error.message, ctx.ip || null);
      onAnswer(error.status, { reason: error.message, source: ctx.ip || null });
      if (error.status === 405) ctx.set('Allow', 'POST');
      if (error.status === 413 || error.status === 408) ctx.set('Connection', 'close');
      ctx.status = error.status;
      ctx.body = {
        data: null,
        error: { status: error.status, name: errorName(error.status), message: error.message },
      };
    }
  };

  async function receive(ctx: Context, current: IngestSettings): Promise<number> {
    if (ctx.method !== 'POST')
      throw new WebhookRejection(405, `method ${ctx.method} not allowed; Stager POSTs messages`);
    if (!current.allowlist.allows(ctx.ip))
      throw new WebhookRejection(403, `address ${ctx.ip} is not in the allowlist`);
    if (current.tokens.length === 0) {
      throw new WebhookRejection(
        503,
        'webhook not configured: no Stager authentication token is set'
      );
    }

    const encoding = ctx.get('Content-Encoding').trim().toLowerCase();
    if (encoding !== '' && encoding !== 'identity') {
      throw new WebhookRejection(
        415,
        `Content-Encoding ${encoding} is not supported; send the body uncompressed`
      );
    }
    const declaredLength = Number(ctx.get('Content-Length') || 0);
    if (declaredLength > current.maxBodySize) {
      throw new WebhookRejection(
        413,
        `body of ${declaredLength} bytes is over the limit of ${current.maxBodySize} bytes`
      );
    }
    const claimed = parseSignatureHeader(ctx.req.headers['x-signature']);
    if (!claimed) {
      throw new WebhookRejection(401, 'X-Signature missing or not a hex or base64 HMAC-SHA256');
    }

    const digests = createBodyDigests(current.tokens);
    const body = await readBody(ctx, current, digests.update);
    if (!digests.signedBy(claimed))
      throw new WebhookRejection(401, 'X-Signature does not match the body');

    const summary = summariseEnvelope(parseEnvelope(body));
    if ('error' in summary) throw new WebhookRejection(400, summary.error);

    try {
      return await accept({
        ...summary,
        body,
        sha256: digests.sha256(),
        sourceAddress: ctx.ip || null,
      });
    } catch (error) {
      logError(`stager webhook: message could not be stored: ${errorMessage(error)}`);
      throw new WebhookRejection(
        503,
        'message not stored: the site cannot write to its database right now'
      );
    }
  }
}

async function readBody(
  ctx: Context,
  current: IngestSettings,
  onChunk: (chunk: Buffer) => void
): Promise<Buffer> {
  try {
    return await readRawBody(ctx.req, {
      limit: current.maxBodySize,
      idleTimeoutMs: current.bodyReadTimeoutMs,
      onChunk,
    });
  } catch (error) {
    if (error instanceof BodyReadError) throw new WebhookRejection(error.status, error.message);
    throw error;
  }
}

/** Checks the whole body is JSON, building only what the summary reads (see `parseJsonSkeleton`). */
function parseEnvelope(body: Buffer): unknown {
  if (!isUtf8(body)) throw new WebhookRejection(400, 'body is not valid UTF-8');
  try {
    return parseJsonSkeleton(body, isSummarisedPath);
  } catch (error) {
    if (error instanceof JsonSyntaxError)
      throw new WebhookRejection(400, `body is not JSON: ${error.message}`);
    throw error;
  }
}

const ERROR_NAMES: Record<number, string> = {
  400: 'BadRequestError',
  401: 'UnauthorizedError',
  403: 'ForbiddenError',
  405: 'MethodNotAllowedError',
  408: 'RequestTimeoutError',
  413: 'PayloadTooLargeError',
  415: 'UnsupportedMediaTypeError',
  503: 'ServiceUnavailableError',
};

const errorName = (status: number) => ERROR_NAMES[status] ?? 'HttpError';
