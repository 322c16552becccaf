import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isAllowedHost, isPublicAddress, isReachableAddress } from './address-policy';
import { SNIFF_BYTES, sniffImageType, type ImageType } from './sniff';

export interface FetchPolicy {
  allowPrivateAddresses: boolean;
  /** Empty: every host. */
  allowedHosts: readonly string[];
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
}

export interface FetchedImage {
  bytes: Buffer;
  type: ImageType;
}

/**
 * Why an image was not fetched. `retryable` says whether trying again later can help: a server
 * error, a timeout or a dropped connection can; a 404, a refused address or a non-image cannot.
 */
export class ImageFetchError extends Error {
  override name = 'ImageFetchError';

  constructor(
    message: string,
    readonly retryable: boolean
  ) {
    super(message);
  }
}

const refused = (reason: string) => new ImageFetchError(reason, false);

/** Checks a URL before it is requested: its scheme, its host against the allowlist, an address literal against the policy. */
function checkUrl(url: URL, policy: FetchPolicy): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw refused(`refused: only http and https URLs are fetched, not ${url.protocol}`);
  if (url.username || url.password) throw refused('refused: URLs with credentials are not fetched');
  if (!isAllowedHost(url.hostname, policy.allowedHosts))
    throw refused(`refused: host ${url.hostname} is not in media.allowedHosts`);
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !isReachableAddress(literal, policy))
    throw refused(`refused: ${literal} is a private, loopback or link-local address`);
}

/** Resolves a host name and refuses it when any of its addresses is not public: the socket connects to what was checked. */
function checkedLookup(policy: FetchPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      // An address the allowlist names is trusted in a URL only: a name never resolves into one.
      const bad = policy.allowPrivateAddresses
        ? undefined
        : addresses.find(({ address }) => !isPublicAddress(address));
      if (bad) {
        return callback(
          refused(
            `refused: ${hostname} resolves to ${bad.address}, a private, loopback or link-local address`
          ),
          '',
          0
        );
      }
      if (options.all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

const NETWORK_ERRORS_WORTH_A_RETRY = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

function describeNetworkError(error: NodeJS.ErrnoException): ImageFetchError {
  if (error instanceof ImageFetchError) return error;
  if (error.code === 'ENOTFOUND') return refused(`no such host (${error.message})`);
  return new ImageFetchError(
    `network error: ${error.code ?? error.message}`,
    error.code === undefined || NETWORK_ERRORS_WORTH_A_RETRY.has(error.code)
  );
}

interface Hop {
  response: http.IncomingMessage;
  request: http.ClientRequest;
}

function requestOnce(url: URL, policy: FetchPolicy, signal: AbortSignal): Promise<Hop> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.get(url, {
      agent: false,
      lookup: checkedLookup(policy),
      signal,
      headers: { accept: 'image/*', 'user-agent': 'strapi-plugin-stager' },
    });
    request.on('response', (response) => resolve({ response, request }));
    request.on('error', reject);
  });
}

/** Reads the body up to `maxBytes`, failing as soon as it grows past them. */
function readBody(hop: Hop, maxBytes: number): Promise<Buffer> {
  const declared = Number(hop.response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    hop.request.destroy();
    return Promise.reject(
      refused(`too large: ${declared} bytes, more than media.maxBytes (${maxBytes})`)
    );
  }
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    hop.response.on('data', (part: Buffer) => {
      size += part.length;
      if (size > maxBytes) {
        hop.request.destroy();
        reject(refused(`too large: more than media.maxBytes (${maxBytes}) bytes`));
        return;
      }
      parts.push(part);
    });
    hop.response.on('end', () => resolve(Buffer.concat(parts)));
    hop.response.on('error', reject);
    hop.request.on('error', reject);
  });
}

function statusError(status: number): ImageFetchError {
  const retryable = status >= 500 || status === 408 || status === 429;
  return new ImageFetchError(`HTTP ${status}`, retryable);
}

/**
 * Downloads one image under the policy: http(s) only, every hop's host and addresses checked,
 * at most `maxRedirects` redirects, at most `maxBytes` read, everything within `timeoutMs`, and
 * the bytes must start as an image does.
 */
export async function fetchImage(source: string, policy: FetchPolicy): Promise<FetchedImage> {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw refused('not a valid URL');
  }
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), policy.timeoutMs);
  try {
    for (let redirects = 0; ; redirects++) {
      checkUrl(url, policy);
      const hop = await requestOnce(url, policy, abort.signal);
      const status = hop.response.statusCode ?? 0;
      if (status >= 300 && status < 400 && hop.response.headers.location) {
        hop.request.destroy();
        if (redirects >= policy.maxRedirects)
          throw refused(`too many redirects (more than ${policy.maxRedirects})`);
        url = new URL(hop.response.headers.location, url);
        continue;
      }
      if (status !== 200) {
        hop.request.destroy();
        throw statusError(status);
      }
      const bytes = await readBody(hop, policy.maxBytes);
      const type = sniffImageType(bytes.subarray(0, SNIFF_BYTES));
      if (!type) throw refused('not an image of a supported type (JPEG, PNG, GIF, WebP, AVIF)');
      return { bytes, type };
    }
  } catch (error) {
    if (abort.signal.aborted)
      throw new ImageFetchError(`timed out after ${policy.timeoutMs} ms`, true);
    throw describeNetworkError(error as NodeJS.ErrnoException);
  } finally {
    clearTimeout(timer);
  }
}
