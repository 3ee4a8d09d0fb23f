import type { ErrorCode } from '@skriptoteket/contracts';
import { parseJsonExact, stringifyJsonExact } from '@skriptoteket/contracts/json-exact';
import { shallowRef, type Ref } from 'vue';
import { isErrorCode } from './contract-values';

/** The API's own codes plus NETWORK, used when no response arrived at all. */
export type ApiErrorCode = ErrorCode | 'NETWORK';

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly details: unknown;
  readonly requestId: string | null;
  /** HTTP status; 0 when the request never got a response. */
  readonly status: number;

  constructor(init: {
    code: ApiErrorCode;
    message: string;
    status: number;
    details?: unknown;
    requestId?: string | null;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.details = init.details;
    this.requestId = init.requestId ?? null;
  }

  /** `details.retryAfterSeconds` of ACCOUNT_LOCKED / RATE_LIMITED, when present. */
  get retryAfterSeconds(): number | null {
    const value = detailsRecord(this.details)?.retryAfterSeconds;
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  }

  get isCsrfFailure(): boolean {
    return this.code === 'FORBIDDEN' && detailsRecord(this.details)?.reason === 'CSRF';
  }
}

function detailsRecord(details: unknown): Record<string, unknown> | null {
  return typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : null;
}

/** Anything with a `parse` method that throws on bad input (a hand-written guard, or a zod schema). */
export interface ResponseSchema<T> {
  parse(value: unknown): T;
}

export interface RequestOptions<T> {
  body?: unknown;
  schema?: ResponseSchema<T>;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  baseUrl?: string;
  /** Defaults to the global fetch, looked up on every call. */
  fetch?: typeof fetch;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function statusToCode(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 422) return 'VALIDATION_ERROR';
  if (status === 423) return 'ACCOUNT_LOCKED';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 502 || status === 503 || status === 504) return 'UNAVAILABLE';
  return 'INTERNAL';
}

/**
 * JSON with exact integers: a run's payload may hold integers beyond 2^53 (a tool's state, a table cell), which
 * JSON.parse would round; they arrive as bigint. Text without a run of 16 digits has no such integer, and
 * JSON.parse gives the same value faster.
 */
export function parseApiJson(text: string): unknown {
  return /\d{16}/.test(text) ? parseJsonExact(text) : (JSON.parse(text) as unknown);
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return parseApiJson(text);
  } catch {
    return undefined;
  }
}

/** The `{error: {code, message, details}, requestId}` envelope, or null for any other body. */
function parseEnvelope(
  body: unknown,
): { code: ErrorCode; message: string; details: unknown; requestId: string } | null {
  if (typeof body !== 'object' || body === null) return null;
  const { error, requestId } = body as { error?: unknown; requestId?: unknown };
  if (typeof error !== 'object' || error === null) return null;
  const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown };
  if (!isErrorCode(code) || typeof message !== 'string') return null;
  return { code, message, details, requestId: typeof requestId === 'string' ? requestId : '' };
}

/** The ApiError for a failed response's status and parsed body (for callers that do not use fetch, e.g. XHR). */
export function apiErrorFrom(status: number, body: unknown, requestIdHeader: string | null): ApiError {
  const envelope = parseEnvelope(body);
  if (envelope) {
    const { requestId, ...error } = envelope;
    return new ApiError({ ...error, status, requestId: requestId || null });
  }
  // Not our envelope (e.g. a proxy's HTML error page): classify by status alone.
  return new ApiError({
    code: statusToCode(status),
    message: `HTTP ${status}`,
    status,
    requestId: requestIdHeader,
  });
}

async function errorFromResponse(response: Response): Promise<ApiError> {
  return apiErrorFrom(response.status, await readJson(response), response.headers.get('x-request-id'));
}

export function createApiClient(options: ApiClientOptions = {}) {
  const baseUrl = options.baseUrl ?? '/api/v1';
  const doFetch: typeof fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);
  const csrfToken = shallowRef<string | null>(null);
  let language: string | null = null;
  let pendingCsrf: Promise<string> | null = null;

  async function send<T>(
    method: string,
    path: string,
    opts: RequestOptions<T>,
    isRetry: boolean,
  ): Promise<T> {
    const isMutating = MUTATING.has(method);
    const headers: Record<string, string> = { Accept: 'application/json' };
    // The server writes its messages in it when nobody is signed in (then it uses the account's language).
    if (language) headers['Accept-Language'] = language;
    let body: BodyInit | undefined;
    if (opts.body instanceof FormData) {
      body = opts.body;
    } else if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      // Exact, so a bigint read from a run (a prefilled value) goes back as the same integer.
      body = stringifyJsonExact(opts.body);
    }
    if (isMutating) headers['X-CSRF-Token'] = await ensureCsrfToken();

    let response: Response;
    try {
      response = await doFetch(baseUrl + path, {
        method,
        headers,
        body,
        credentials: 'same-origin',
        signal: opts.signal,
      });
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      throw new ApiError({ code: 'NETWORK', message: 'Network request failed', status: 0 });
    }

    if (!response.ok) {
      const error = await errorFromResponse(response);
      if (isMutating && !isRetry && error.isCsrfFailure) {
        csrfToken.value = null;
        return send(method, path, opts, true);
      }
      throw error;
    }

    const data = await readJson(response);
    if (!opts.schema) return data as T;
    try {
      return opts.schema.parse(data);
    } catch {
      throw new ApiError({
        code: 'INTERNAL',
        message: 'Unexpected response shape',
        status: response.status,
        requestId: response.headers.get('x-request-id'),
      });
    }
  }

  /** Fetches a fresh token; concurrent callers share one request. */
  function refreshCsrfToken(): Promise<string> {
    pendingCsrf ??= send<{ csrfToken?: unknown }>('GET', '/auth/csrf', {}, false)
      .then((data) => {
        if (typeof data?.csrfToken !== 'string') {
          throw new ApiError({ code: 'INTERNAL', message: 'No CSRF token in response', status: 200 });
        }
        csrfToken.value = data.csrfToken;
        return data.csrfToken;
      })
      .finally(() => {
        pendingCsrf = null;
      });
    return pendingCsrf;
  }

  async function ensureCsrfToken(): Promise<string> {
    return csrfToken.value ?? refreshCsrfToken();
  }

  return {
    csrfToken: csrfToken as Readonly<Ref<string | null>>,
    setCsrfToken(token: string | null): void {
      csrfToken.value = token;
    },
    /** The language the interface is shown in, sent as `Accept-Language`. */
    setLanguage(locale: string | null): void {
      language = locale;
    },
    refreshCsrfToken,
    request<T = unknown>(method: string, path: string, opts: RequestOptions<T> = {}): Promise<T> {
      return send(method.toUpperCase(), path, opts, false);
    },
    get<T = unknown>(path: string, opts: Omit<RequestOptions<T>, 'body'> = {}): Promise<T> {
      return send('GET', path, opts, false);
    },
    post<T = unknown>(path: string, body?: unknown, opts: Omit<RequestOptions<T>, 'body'> = {}): Promise<T> {
      return send('POST', path, { ...opts, body }, false);
    },
    put<T = unknown>(path: string, body?: unknown, opts: Omit<RequestOptions<T>, 'body'> = {}): Promise<T> {
      return send('PUT', path, { ...opts, body }, false);
    },
    patch<T = unknown>(path: string, body?: unknown, opts: Omit<RequestOptions<T>, 'body'> = {}): Promise<T> {
      return send('PATCH', path, { ...opts, body }, false);
    },
    delete<T = unknown>(path: string, opts: Omit<RequestOptions<T>, 'body'> = {}): Promise<T> {
      return send('DELETE', path, opts, false);
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The app's one client; tests replace the global fetch rather than this module. */
export const api = createApiClient();
