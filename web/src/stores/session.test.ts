import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import { apiError, createAuthServer, createFakeServer, json, teacher } from '../test/fake-server';
import { resetApp, setupApp } from '../test/setup-app';
import { SESSION_REFRESH_MS, useSessionStore } from './session';

afterEach(() => {
  vi.useRealTimers();
  resetApp();
});

describe('session store', () => {
  it('loads the signed-in user once, however often it is asked', async () => {
    const { server } = setupApp({ server: createAuthServer(teacher) });
    const session = useSessionStore();

    await Promise.all([session.load(), session.load()]);
    await session.load();

    expect(session.user).toEqual(teacher);
    expect(session.isAuthenticated).toBe(true);
    expect(server.requests.filter((r) => r.path === '/auth/me')).toHaveLength(1);
  });

  it('treats 401 from /auth/me as signed out, not as an error', async () => {
    setupApp();
    const session = useSessionStore();

    await session.load();

    expect(session.user).toBeNull();
    expect(session.loadError).toBeNull();
    expect(session.isLoaded).toBe(true);
  });

  it('remembers a failed session check without throwing', async () => {
    const server = createFakeServer({
      'GET /auth/me': () => apiError(503, 'UNAVAILABLE', 'Database down'),
    });
    setupApp({ server: { ...server, user: null } });
    const session = useSessionStore();

    await expect(session.load()).resolves.toBeUndefined();

    expect(session.user).toBeNull();
    expect(session.loadError?.code).toBe('UNAVAILABLE');
  });

  it('signs in, keeps the user and uses the csrf token from the login response', async () => {
    const { server } = setupApp();
    const session = useSessionStore();

    await session.login({ email: teacher.email, password: 'rätt-lösenord' });

    expect(session.user).toEqual(teacher);
    expect(session.csrfToken).toBe('csrf-login-2');
    expect(session.can('user')).toBe(true);
    expect(session.can('admin')).toBe(false);
    // The login request itself needed a token; none is fetched afterwards.
    await api.post('/auth/logout');
    const logout = server.requests.find((r) => r.path === '/auth/logout');
    expect(logout?.headers['x-csrf-token']).toBe('csrf-login-2');
  });

  it('rejects a wrong password with UNAUTHENTICATED and stays signed out', async () => {
    setupApp();
    const session = useSessionStore();

    await expect(session.login({ email: teacher.email, password: 'fel' })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(session.user).toBeNull();
  });

  it('signs out and fetches a fresh csrf token for the anonymous session', async () => {
    const { server } = setupApp({ server: createAuthServer(teacher) });
    const session = useSessionStore();
    await session.load();

    await session.logout();

    expect(session.user).toBeNull();
    expect(server.user).toBeNull();
    const paths = server.requests.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(['GET /auth/me', 'GET /auth/csrf', 'POST /auth/logout', 'GET /auth/csrf']);
    expect(session.csrfToken).toBe('csrf-2');
  });

  it('saves a language on the account, showing it at once', async () => {
    const { server } = setupApp({ server: createAuthServer(teacher) });
    const session = useSessionStore();
    await session.load();

    const saving = session.saveLocale('en');
    expect(session.user?.locale).toBe('en');
    await saving;

    expect(server.user?.locale).toBe('en');
    expect(server.requests.find((r) => r.method === 'PATCH')).toMatchObject({
      path: '/me/profile',
      body: { locale: 'en' },
    });
  });

  it('puts the language back and rejects when saving fails', async () => {
    const { server } = setupApp({ server: createAuthServer(teacher) });
    const session = useSessionStore();
    await session.load();
    let answer: (response: Response) => void = () => undefined;
    server.on('PATCH /me/profile', () => new Promise<Response>((resolve) => (answer = resolve)));

    const failing = session.saveLocale('en');
    await vi.waitFor(() => expect(server.requests.some((r) => r.method === 'PATCH')).toBe(true));
    expect(session.user?.locale).toBe('en');
    answer(apiError(503, 'UNAVAILABLE', 'Database down'));
    await expect(failing).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(session.user?.locale).toBe('sv');
  });

  it('re-reads the user once what it knows is a minute old: a role raised elsewhere shows without a reload', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { server } = setupApp({ server: createAuthServer(teacher) });
    const session = useSessionStore();
    await session.load();
    const promoted = { ...teacher, role: 'contributor' as const };
    server.on('GET /auth/me', () => json(200, { user: promoted }));
    const reads = () => server.requests.filter((r) => r.path === '/auth/me').length;

    await session.refreshIfStale();
    expect(reads()).toBe(1);
    expect(session.can('contributor')).toBe(false);

    vi.advanceTimersByTime(SESSION_REFRESH_MS);
    await Promise.all([session.refreshIfStale(), session.refreshIfStale()]);
    expect(reads()).toBe(2);
    expect(session.user).toEqual(promoted);
    expect(session.can('contributor')).toBe(true);
  });

  it('keeps what it knows when the re-read fails, and never undoes a sign-out that came meanwhile', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { server } = setupApp({ server: createAuthServer(teacher) });
    const session = useSessionStore();
    await session.load();
    server.on('GET /auth/me', () => apiError(503, 'UNAVAILABLE', 'Database down'));
    vi.advanceTimersByTime(SESSION_REFRESH_MS);
    await session.refreshIfStale();
    expect(session.user).toEqual(teacher);

    let answer: (response: Response) => void = () => {};
    server.on('GET /auth/me', () => new Promise<Response>((resolve) => (answer = resolve)));
    const refreshing = session.refreshIfStale();
    await session.logout();
    answer(json(200, { user: teacher }));
    await refreshing;
    expect(session.user).toBeNull();
  });
});
