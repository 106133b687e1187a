/**
 * HttpClient: a small typed client for Drover's (Nomad-compatible) `/v1` HTTP API.
 *
 * - one base address (`http://127.0.0.1:4646`), optional ACL token sent as `X-Nomad-Token`;
 * - blocking queries: pass `index` (the last `X-Nomad-Index` seen) and `waitMs`; the answer is
 *   `{ value, index }` where `index` is the response's `X-Nomad-Index` (0 when absent);
 * - every non-2xx answer becomes a coded DroverError carrying the server's code (header
 *   `X-Drover-Error-Code`, or a JSON body `{"code": ...}`), else `DROVER_ERR_HTTP_<status>`;
 *   a connection failure is `DROVER_ERR_UNREACHABLE` (status 503).
 *
 * Used by client/ (node agent) and cli/. It knows no endpoint: callers pass paths.
 */
import { DroverError } from './errors.js';

/** HttpClientOptions configure one client. */
export interface HttpClientOptions {
  /** Base address, e.g. `http://127.0.0.1:4646` (a trailing slash is ignored). */
  address: string;
  /** ACL token, sent as `X-Nomad-Token`. */
  token?: string;
  /** Extra headers sent on every request (e.g. `X-Drover-Node-Secret`). */
  headers?: Record<string, string>;
  /** Per-request timeout for non-blocking requests (default 30 s). Blocking queries add their wait. */
  timeoutMs?: number;
}

/** HttpMethod is the set of verbs the API uses. */
export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

/** RequestOptions tune one request. */
export interface RequestOptions {
  /** Query-string parameters; undefined values are omitted. */
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body (PUT/POST). */
  body?: unknown;
  /** Blocking query: return once the watched index exceeds this one. */
  index?: number;
  /** Blocking query: maximum wait in milliseconds (sent as `wait=<ms>ms`). */
  waitMs?: number;
  /** Cancels the request (e.g. on shutdown). */
  signal?: AbortSignal;
  /** Extra headers for this request only. */
  headers?: Record<string, string>;
}

/** QueryResult is a decoded body plus the response's `X-Nomad-Index`. */
export interface QueryResult<T> {
  value: T;
  index: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** HttpClient sends JSON requests to one Drover address. */
export class HttpClient {
  readonly address: string;
  private readonly token: string | undefined;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(opts: HttpClientOptions) {
    this.address = opts.address.replace(/\/+$/, '');
    this.token = opts.token;
    this.headers = { ...(opts.headers ?? {}) };
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** get reads a resource; pass `index`/`waitMs` for a blocking query. */
  get<T>(path: string, opts: RequestOptions = {}): Promise<QueryResult<T>> {
    return this.request<T>('GET', path, opts);
  }

  /** put writes a resource with a JSON body. */
  put<T>(path: string, body: unknown, opts: RequestOptions = {}): Promise<QueryResult<T>> {
    return this.request<T>('PUT', path, { ...opts, body });
  }

  /** post sends a JSON body. */
  post<T>(path: string, body: unknown, opts: RequestOptions = {}): Promise<QueryResult<T>> {
    return this.request<T>('POST', path, { ...opts, body });
  }

  /** delete removes a resource. */
  delete<T>(path: string, opts: RequestOptions = {}): Promise<QueryResult<T>> {
    return this.request<T>('DELETE', path, opts);
  }

  /** url builds the absolute URL of `path` with the query string (exported for streaming callers). */
  url(path: string, opts: Pick<RequestOptions, 'query' | 'index' | 'waitMs'> = {}): string {
    const url = new URL(this.address + (path.startsWith('/') ? path : `/${path}`));
    for (const [k, v] of Object.entries(opts.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    if (opts.index !== undefined) url.searchParams.set('index', String(opts.index));
    if (opts.waitMs !== undefined) url.searchParams.set('wait', `${Math.max(0, Math.round(opts.waitMs))}ms`);
    return url.toString();
  }

  /** request sends one request and decodes the JSON answer (an empty body decodes to undefined). */
  async request<T>(method: HttpMethod, path: string, opts: RequestOptions = {}): Promise<QueryResult<T>> {
    const headers: Record<string, string> = { ...this.headers, ...(opts.headers ?? {}) };
    if (this.token !== undefined) headers['X-Nomad-Token'] = this.token;
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    const timeout = AbortSignal.timeout(this.timeoutMs + (opts.waitMs ?? 0));
    const signal = opts.signal === undefined ? timeout : AbortSignal.any([timeout, opts.signal]);
    const target = this.url(path, opts);
    let res: Response;
    try {
      res = await fetch(target, { method, headers, body, signal });
    } catch (cause) {
      if (opts.signal?.aborted === true) {
        throw new DroverError('DROVER_ERR_CANCELLED', `${method} ${path} cancelled`, { statusCode: 499, location: target, cause });
      }
      throw new DroverError('DROVER_ERR_UNREACHABLE', `${method} ${target}: ${describe(cause)}`, { statusCode: 503, location: target, cause });
    }
    const text = await res.text();
    const index = Number(res.headers.get('x-nomad-index') ?? '0');
    if (!res.ok) throw errorFromResponse(method, path, res.status, text, res.headers);
    const value = (text.length === 0 ? undefined : parseJson(text, target)) as T;
    return { value, index: Number.isFinite(index) ? index : 0 };
  }
}

function parseJson(text: string, location: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new DroverError('DROVER_ERR_BAD_RESPONSE', `response is not JSON: ${text.slice(0, 120)}`, { statusCode: 502, location, cause });
  }
}

/**
 * errorFromResponse turns a non-2xx answer into a DroverError, keeping the server's code: the
 * `X-Drover-Error-Code` / `X-Drover-Error-Location` headers of the server API (plain-text
 * body = the message), or a JSON body `{code, message, location}` (client API), else
 * `DROVER_ERR_HTTP_<status>` with the body text as the message.
 */
export function errorFromResponse(method: string, path: string, status: number, text: string, headers?: Headers): DroverError {
  let code = `DROVER_ERR_HTTP_${status}`;
  let message = text.trim() || `HTTP ${status}`;
  let location: string | undefined;
  const headerCode = headers?.get('x-drover-error-code');
  if (headerCode?.startsWith('DROVER_ERR_')) code = headerCode;
  const headerLocation = headers?.get('x-drover-error-location');
  if (headerLocation) {
    try {
      location = decodeURIComponent(headerLocation);
    } catch {
      location = headerLocation;
    }
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      const o = parsed as Record<string, unknown>;
      const c = o['code'] ?? o['Code'];
      const m = o['message'] ?? o['Message'] ?? o['error'];
      const l = o['location'] ?? o['Location'];
      if (typeof c === 'string' && c.startsWith('DROVER_ERR_')) code = c;
      if (typeof m === 'string') message = m;
      if (typeof l === 'string') location = l;
    }
  } catch {
    // plain-text error body (the server API's form): keep it as the message
  }
  return new DroverError(code, `${method} ${path}: ${message}`, { statusCode: status, location });
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    return cause instanceof Error ? `${e.message} (${cause.message})` : e.message;
  }
  return String(e);
}
