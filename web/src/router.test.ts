import { afterEach, describe, expect, it, vi } from 'vitest';
import { SESSION_REFRESH_MS } from './stores/session';
import { createAuthServer, json, teacher } from './test/fake-server';
import { resetApp, setupApp } from './test/setup-app';

afterEach(() => {
  vi.useRealTimers();
  resetApp();
});

describe('route guard', () => {
  it('sends visitors who are not signed in to /login with the page they wanted', async () => {
    const { router } = setupApp();

    await router.push('/?tab=recent');

    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query.redirect).toBe('/?tab=recent');
  });

  it('asks for sign-in on the catalog pages and opens them to every signed-in user', async () => {
    for (const [path, name] of [
      ['/browse?q=grupp', 'browse'],
      ['/tools/gruppgenerator', 'tool'],
    ]) {
      const anonymous = setupApp();
      await anonymous.router.push(path!);
      expect(anonymous.router.currentRoute.value.query.redirect, path).toBe(path);

      const signedIn = setupApp({ server: createAuthServer(teacher) });
      await signedIn.router.push(path!);
      expect(signedIn.router.currentRoute.value.name, path).toBe(name);
    }
  });

  it('lets a signed-in user in and sends them away from /login', async () => {
    const { router } = setupApp({ server: createAuthServer(teacher) });

    await router.push('/');
    expect(router.currentRoute.value.name).toBe('home');

    await router.push('/login');
    expect(router.currentRoute.value.fullPath).toBe('/');
  });

  it('sends a user with a temporary password to change it first, from any signed-in page', async () => {
    const { router } = setupApp({ server: createAuthServer({ ...teacher, mustChangePassword: true }) });

    await router.push('/browse?q=grupp');
    expect(router.currentRoute.value.name).toBe('change-password');
    expect(router.currentRoute.value.query.redirect).toBe('/browse?q=grupp');

    await router.push('/profile');
    expect(router.currentRoute.value.name).toBe('change-password');

    // Pages for signed-out people (a mailed link) still open.
    await router.push('/verify?token=abc');
    expect(router.currentRoute.value.name).toBe('verify');
  });

  it('opens the account pages of mailed links without sign-in', async () => {
    const { router } = setupApp();
    for (const path of ['/register', '/verify?token=t', '/forgot-password', '/reset-password?token=t']) {
      await router.push(path);
      expect(router.currentRoute.value.fullPath, path).toBe(path);
    }
  });

  it('shows "not found" for unknown addresses, signed in or not', async () => {
    const { router } = setupApp();

    await router.push('/finns/inte');

    expect(router.currentRoute.value.name).toBe('not-found');
    expect(router.currentRoute.value.fullPath).toBe('/finns/inte');
  });

  it('opens the governance pages only to the roles that may use them', async () => {
    const contributor = { ...teacher, role: 'contributor' as const };
    const cases: [typeof teacher, string, string][] = [
      [teacher, '/admin/tools', 'not-found'],
      [contributor, '/admin/tools', 'admin-tools'],
      [contributor, '/admin/tools/t1', 'admin-tool'],
      [contributor, '/admin/reviews', 'not-found'],
      [contributor, '/admin/audit', 'not-found'],
      [{ ...teacher, role: 'admin' }, '/admin/reviews', 'admin-reviews'],
      [{ ...teacher, role: 'admin' }, '/admin/audit', 'admin-audit'],
    ];

    for (const [user, path, name] of cases) {
      const { router } = setupApp({ server: createAuthServer(user) });
      await router.push(path);
      expect(router.currentRoute.value.name, `${user.role} ${path}`).toBe(name);
    }
  });

  it('shows "not found" on a page that needs a higher role, keeping the address', async () => {
    const { router } = setupApp({ server: createAuthServer(teacher) });
    router.addRoute({
      path: '/admin/users',
      name: 'admin-users',
      component: { render: () => null },
      meta: { minRole: 'admin' },
    });

    await router.push('/admin/users?q=anna');

    expect(router.currentRoute.value.name).toBe('not-found');
    expect(router.currentRoute.value.fullPath).toBe('/admin/users?q=anna');
  });

  it('lets a user whose role was raised since the page loaded into the new pages, without a reload', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { router, server } = setupApp({ server: createAuthServer(teacher) });
    await router.push('/');
    server.on('GET /auth/me', () => json(200, { user: { ...teacher, role: 'contributor' } }));

    await router.push('/admin/tools');
    expect(router.currentRoute.value.name).toBe('not-found'); // what the page knew is fresh: not asked again

    vi.advanceTimersByTime(SESSION_REFRESH_MS);
    await router.push('/admin/tools?x=1');
    expect(router.currentRoute.value.name).toBe('admin-tools');
  });
});
