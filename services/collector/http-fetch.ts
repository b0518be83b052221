import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Agent, interceptors, request, type Dispatcher } from 'undici';
import { errorMessage, YuqingError } from '../../shared/errors.ts';

/** Limits on one fetch; every remote source sets them, none is unbounded. */
export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  /** Further attempts after a 5xx, 408, 429, timeout or network error. */
  retries: number;
  /** The first backoff; each retry doubles it, with jitter so many sources do not retry in step. */
  backoffMs: number;
  maxRedirects: number;
}

export const DEFAULT_LIMITS: FetchLimits = { timeoutMs: 30_000, maxBytes: 20 * 1024 * 1024, retries: 2, backoffMs: 1000, maxRedirects: 5 };

export interface FetchOptions extends Partial<FetchLimits> {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Waits between attempts; tests pass one that does not wait. */
  sleep?: (ms: number) => Promise<void>;
  dispatcher?: Dispatcher;
  /** Streams the body into this file instead of memory (large exports); `body` is then empty. */
  toFile?: string;
}

export interface FetchResult {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  bytes: number;
  /** Hex SHA-256 of the body, for change detection where the server sends no ETag. */
  sha256: string;
}

/** A fetch that failed; `retriable` says whether the next scheduled run may succeed. */
export class FetchError extends YuqingError {
  constructor(
    readonly url: string,
    message: string,
    opts: { retriable: boolean; status?: number; cause?: unknown },
  ) {
    super('collector.fetch_failed', `${url}: ${message}`, { status: 502, retriable: opts.retriable, cause: opts.cause });
    this.name = 'FetchError';
  }
}

/** One connection pool per redirect limit, since undici 7 sets the limit on the dispatcher. */
const dispatchers = new Map<number, Dispatcher>();
function dispatcherFor(maxRedirects: number): Dispatcher {
  let d = dispatchers.get(maxRedirects);
  if (!d) {
    d = new Agent().compose(interceptors.redirect({ maxRedirections: maxRedirects }));
    dispatchers.set(maxRedirects, d);
  }
  return d;
}
const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function headerMap(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Drops a body we will not read; an error listener first, as destroying it emits an abort. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** Reads a body up to `maxBytes` into memory or a file, aborting the transfer as soon as it is exceeded. */
async function readLimited(
  url: string,
  body: Dispatcher.ResponseData['body'],
  maxBytes: number,
  toFile: string | undefined,
): Promise<Pick<FetchResult, 'body' | 'bytes' | 'sha256'>> {
  const chunks: Buffer[] = [];
  const hash = createHash('sha256');
  const file = toFile === undefined ? undefined : await open(toFile, 'w');
  let bytes = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        discard(body);
        throw new FetchError(url, `body exceeds the limit of ${maxBytes} bytes`, { retriable: false });
      }
      hash.update(chunk);
      if (file) await file.write(chunk);
      else chunks.push(chunk);
    }
  } finally {
    await file?.close();
  }
  return { body: Buffer.concat(chunks), bytes, sha256: hash.digest('hex') };
}

async function attempt(url: string, limits: FetchLimits, opts: FetchOptions): Promise<FetchResult> {
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  try {
    const res = await request(url, {
      method: 'GET',
      headers: { 'user-agent': 'yuqing-collector/0.1', ...opts.headers },
      signal,
      headersTimeout: limits.timeoutMs,
      bodyTimeout: limits.timeoutMs,
      dispatcher: opts.dispatcher ?? dispatcherFor(limits.maxRedirects),
    });
    const headers = headerMap(res.headers);
    const declared = Number(headers['content-length']);
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      discard(res.body);
      throw new FetchError(url, `body of ${declared} bytes exceeds the limit of ${limits.maxBytes} bytes`, { retriable: false });
    }
    if (res.statusCode >= 300 && res.statusCode < 400 && res.statusCode !== 304) {
      discard(res.body);
      throw new FetchError(url, `more than ${limits.maxRedirects} redirects (last: HTTP ${res.statusCode})`, { retriable: false, status: res.statusCode });
    }
    if (res.statusCode >= 400) {
      const retriable = res.statusCode >= 500 || res.statusCode === 408 || res.statusCode === 429;
      discard(res.body);
      throw new FetchError(url, `HTTP ${res.statusCode}`, { retriable, status: res.statusCode });
    }
    return { status: res.statusCode, headers, ...(await readLimited(url, res.body, limits.maxBytes, opts.toFile)) };
  } catch (err) {
    if (err instanceof FetchError) throw err;
    if (opts.signal?.aborted) throw new FetchError(url, 'aborted: the collector is stopping', { retriable: true, cause: err });
    if (timeout.aborted) throw new FetchError(url, `timed out after ${limits.timeoutMs} ms`, { retriable: true, cause: err });
    throw new FetchError(url, errorMessage(err), { retriable: true, cause: err });
  }
}

/**
 * GET with a timeout, a body limit and a redirect limit; retries what can succeed later with
 * exponential backoff and jitter, and fails at once on what cannot (a 404, a body too large).
 * A 304 answers with an empty body.
 */
/** Request headers that make a GET conditional on an earlier response's validators. */
export function conditionalHeaders(etag: string | undefined, lastModified: string | undefined): Record<string, string> {
  return { ...(etag ? { 'if-none-match': etag } : {}), ...(lastModified ? { 'if-modified-since': lastModified } : {}) };
}

export async function fetchWithLimits(url: string, opts: FetchOptions = {}): Promise<FetchResult> {
  const limits: FetchLimits = {
    timeoutMs: opts.timeoutMs ?? DEFAULT_LIMITS.timeoutMs,
    maxBytes: opts.maxBytes ?? DEFAULT_LIMITS.maxBytes,
    retries: opts.retries ?? DEFAULT_LIMITS.retries,
    backoffMs: opts.backoffMs ?? DEFAULT_LIMITS.backoffMs,
    maxRedirects: opts.maxRedirects ?? DEFAULT_LIMITS.maxRedirects,
  };
  const sleep = opts.sleep ?? wait;
  for (let n = 0; ; n++) {
    try {
      return await attempt(url, limits, opts);
    } catch (err) {
      const retriable = err instanceof FetchError && err.retriable;
      if (!retriable || n >= limits.retries || opts.signal?.aborted) {
        if (err instanceof FetchError && n > 0) throw new FetchError(url, `${err.message.slice(url.length + 2)} (after ${n + 1} attempts)`, { retriable, cause: err });
        throw err;
      }
      await sleep(limits.backoffMs * 2 ** n * (0.5 + Math.random() / 2));
    }
  }
}
