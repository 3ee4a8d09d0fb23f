import type { ErrorCode, User } from '@skriptoteket/contracts';

/** What a handler sees of a request the app made. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Parsed JSON, or the FormData of a multipart request. */
  body: unknown;
  /** The query string's parameters (empty when there is none). */
  query: URLSearchParams;
  /** The request's abort signal, so a handler can tell a cancelled request. */
  signal: AbortSignal | null;
}

type Handler = (request: RecordedRequest) => Response | Promise<Response>;

export function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

export function apiError(status: number, code: ErrorCode, message: string, details?: unknown): Response {
  return json(status, { error: { code, message, details }, requestId: 'req-test' });
}

export const teacher: User = {
  id: 'u1',
  email: 'anna@skola.se',
  name: 'Anna Lärare',
  role: 'user',
  locale: 'sv',
  mustChangePassword: false,
};

/**
 * A hand-written stand-in for the server: routes keyed "METHOD /path" (path without /api/v1). A route with a
 * query string matches exactly; otherwise a route without one matches any query (read it from `query`).
 * Unknown routes answer 404 so a test fails loudly instead of hanging.
 */
export function createFakeServer(routes: Record<string, Handler> = {}) {
  const requests: RecordedRequest[] = [];
  const handlers = new Map(Object.entries(routes));

  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init.method ?? 'GET').toUpperCase();
    const path = url.replace(/^\/api\/v1/, '');
    const headers = Object.fromEntries(
      [...new Headers(init.headers).entries()].map(([name, value]) => [name.toLowerCase(), value]),
    );
    const body =
      typeof init.body === 'string'
        ? (JSON.parse(init.body) as unknown)
        : init.body instanceof FormData
          ? init.body
          : undefined;
    const query = new URLSearchParams(path.split('?')[1] ?? '');
    const request: RecordedRequest = { method, path, headers, body, query, signal: init.signal ?? null };
    requests.push(request);
    const handler = handlers.get(`${method} ${path}`) ?? handlers.get(`${method} ${path.split('?')[0]}`);
    return handler ? handler(request) : apiError(404, 'NOT_FOUND', `No fake route for ${method} ${path}`);
  };

  return {
    fetch,
    requests,
    on(route: string, handler: Handler): void {
      handlers.set(route, handler);
    },
  };
}

/**
 * A server with the auth endpoints and the profile; `user` is who is signed in (null = anonymous). Signing in
 * as the teacher gives their account as last saved (so a changed language comes back on the next sign-in).
 */
export function createAuthServer(initialUser: User | null = null, password = 'rätt-lösenord') {
  let user = initialUser;
  let account = initialUser?.id === teacher.id ? initialUser : teacher;
  let token = 0;
  const server = createFakeServer({
    'GET /auth/csrf': () => json(200, { csrfToken: `csrf-${++token}` }),
    'GET /auth/me': () => (user ? json(200, { user }) : apiError(401, 'UNAUTHENTICATED', 'Not signed in')),
    'POST /auth/login': (req) => {
      const body = req.body as { email: string; password: string };
      if (body.email !== teacher.email || body.password !== password) {
        return apiError(401, 'UNAUTHENTICATED', 'Invalid credentials');
      }
      user = account;
      return json(200, { user, csrfToken: `csrf-login-${++token}` });
    },
    'POST /auth/logout': () => {
      user = null;
      return new Response(null, { status: 204 });
    },
    'PATCH /me/profile': (req) => {
      if (!user) return apiError(401, 'UNAUTHENTICATED', 'Not signed in');
      user = { ...user, ...(req.body as Pick<User, 'locale' | 'name'>) };
      if (user.id === account.id) account = user;
      return json(200, user);
    },
  });
  return {
    ...server,
    get user() {
      return user;
    },
  };
}
