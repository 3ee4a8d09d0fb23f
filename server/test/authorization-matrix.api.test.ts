import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../src/db/schema/index';
import { createTestContext, TEST_PASSWORD, type TestClient, type TestContext } from './api-harness';

/**
 * Who gets what from every route the server registers. A route added without a row here fails the first test,
 * so every new endpoint states its access rule in one place. Later features add their rows.
 */
const callers = ['anonymous', 'user', 'contributor', 'admin', 'superuser'] as const;
type Caller = (typeof callers)[number];
type Expected = Record<Caller, number>;

interface Row {
  expected: Expected;
  /** Concrete URL for routes with parameters or wildcards (a function when it names something made first). */
  url?: string | (() => string);
  /** A function when each caller needs its own body (creating something unique). */
  body?: unknown;
}

const everyone = (status: number): Expected => ({
  anonymous: status,
  user: status,
  contributor: status,
  admin: status,
  superuser: status,
});
const signedIn = (status: number): Expected => ({ ...everyone(status), anonymous: 401 });
const from = (minimum: Exclude<Caller, 'anonymous'>, allowed: number, denied = 403): Expected => {
  const rank = callers.indexOf(minimum);
  return Object.fromEntries(
    callers.map((caller, i) => [caller, caller === 'anonymous' ? 401 : i >= rank ? allowed : denied]),
  ) as Expected;
};
/** Contributors may call it, but the id names nothing they maintain (or nothing at all): 404. */
const missingFor = (minimum: Exclude<Caller, 'anonymous'>) => from(minimum, 404);

const T = '00000000-0000-4000-8000-000000000001';
const V = '00000000-0000-4000-8000-000000000002';
const saveBody = {
  baseVersionId: null,
  sourceCode: 'def run_tool(i, o):\n    return ""',
  entrypoint: 'run_tool',
  inputSchema: [],
  settingsSchema: [],
  usageInstructions: '',
};

/** Users the user-administration rows act on, made in beforeAll. */
const targets = { promoted: '', managed: '' };
const suggestion = {
  title: 'Matrisförslag',
  description: 'Ett förslag från matrisen.',
  professions: ['larare'],
  categories: ['administration'],
};

const matrix: Record<string, Row> = {
  'GET /healthz': { expected: everyone(200) },
  'GET /readyz': { expected: everyone(200) },
  'GET /metrics': { expected: everyone(200) },
  'GET /api/docs': { expected: everyone(200) },
  'GET /api/docs/json': { expected: everyone(200) },
  'GET /api/docs/yaml': { expected: everyone(200) },
  'GET /api/docs/static/index.html': { expected: everyone(302) },
  'GET /api/docs/static/swagger-initializer.js': { expected: everyone(200) },
  'GET /api/docs/static/*': { expected: everyone(200), url: '/api/docs/static/swagger-ui.css' },
  'GET /api/v1/auth/csrf': { expected: everyone(200) },
  'POST /api/v1/auth/login': { expected: everyone(422), body: {} },
  'GET /api/v1/auth/me': { expected: signedIn(200) },
  'POST /api/v1/auth/logout': { expected: signedIn(204) },
  'GET /api/v1/me/profile': { expected: signedIn(200) },
  'PATCH /api/v1/me/profile': { expected: signedIn(200), body: { locale: 'sv' } },
  'GET /api/v1/auth/registration': { expected: everyone(200) },
  'POST /api/v1/auth/register': {
    expected: everyone(403),
    body: { email: 'ny@matrix.example', password: 'ett-langt-losenord', name: 'Ny' },
  },
  'POST /api/v1/auth/verify-email': { expected: everyone(400), body: { token: 'x'.repeat(43) } },
  'POST /api/v1/auth/resend-verification': {
    expected: everyone(202),
    body: { email: 'ingen@matrix.example' },
  },
  'POST /api/v1/auth/forgot-password': { expected: everyone(202), body: { email: 'ingen@matrix.example' } },
  'POST /api/v1/auth/reset-password': {
    expected: everyone(400),
    body: { token: 'x'.repeat(43), password: 'ett-langt-losenord' },
  },
  'POST /api/v1/me/password': {
    expected: signedIn(422),
    body: { currentPassword: 'inte-mitt-losenord', newPassword: 'ett-langt-losenord' },
  },
  'POST /api/v1/me/email': {
    expected: signedIn(422),
    body: { newEmail: 'ny@matrix.example', password: 'inte-mitt-losenord' },
  },
  'GET /api/v1/me/sessions': { expected: signedIn(200) },
  'DELETE /api/v1/me/sessions/:sessionId': { expected: signedIn(404), url: `/api/v1/me/sessions/${V}` },

  'GET /api/v1/catalog/taxonomy': { expected: signedIn(200) },
  'GET /api/v1/catalog/tools': { expected: signedIn(200) },
  'POST /api/v1/tools/:slug/instructions-read': {
    expected: signedIn(404),
    url: '/api/v1/tools/finns-inte/instructions-read',
  },
  'GET /api/v1/me/favorites': { expected: signedIn(200) },
  'PUT /api/v1/me/favorites/:toolId': { expected: signedIn(404), url: `/api/v1/me/favorites/${T}` },
  'DELETE /api/v1/me/favorites/:toolId': { expected: signedIn(404), url: `/api/v1/me/favorites/${T}` },
  'GET /api/v1/me/recent-tools': { expected: signedIn(200) },
  'GET /api/v1/tools/:slug': { expected: signedIn(404), url: '/api/v1/tools/finns-inte' },

  'POST /api/v1/admin/taxonomy/:kind': {
    expected: from('admin', 201),
    url: '/api/v1/admin/taxonomy/categories',
    body: (caller: Caller) => ({ slug: `matris-${caller}`, label: 'Matris', order: 99 }),
  },
  'PATCH /api/v1/admin/taxonomy/:kind/:slug': {
    expected: from('admin', 200),
    url: '/api/v1/admin/taxonomy/professions/rektor',
    body: { label: 'Rektor' },
  },
  'POST /api/v1/tools/:slug/runs': {
    expected: signedIn(404),
    url: '/api/v1/tools/finns-inte/runs',
    body: { inputs: '{}' },
  },
  'GET /api/v1/runs/:runId': { expected: signedIn(404), url: `/api/v1/runs/${V}` },
  'GET /api/v1/runs/:runId/events': { expected: signedIn(404), url: `/api/v1/runs/${V}/events` },
  'POST /api/v1/runs/:runId/actions': {
    expected: signedIn(404),
    url: `/api/v1/runs/${V}/actions`,
    body: { actionId: 'next', input: {}, expectedStateRev: 0 },
  },
  'POST /api/v1/runs/:runId/cancel': { expected: signedIn(404), url: `/api/v1/runs/${V}/cancel` },
  'GET /api/v1/runs/:runId/artifacts/:artifactId': {
    expected: signedIn(404),
    url: `/api/v1/runs/${V}/artifacts/${T}`,
  },
  'GET /api/v1/runs/:runId/outputs/:index/html': {
    expected: signedIn(404),
    url: `/api/v1/runs/${V}/outputs/0/html`,
  },
  'GET /api/v1/me/runs': { expected: signedIn(200) },
  'GET /api/v1/tools/:slug/settings': { expected: signedIn(404), url: '/api/v1/tools/finns-inte/settings' },
  'GET /api/v1/tools/:slug/session-files': {
    expected: signedIn(404),
    url: '/api/v1/tools/finns-inte/session-files',
  },
  'PUT /api/v1/tools/:slug/settings': {
    expected: signedIn(404),
    url: '/api/v1/tools/finns-inte/settings',
    body: { values: {} },
  },
  'GET /api/v1/admin/tools': { expected: from('contributor', 200) },
  'POST /api/v1/admin/tools': { expected: from('admin', 201), body: { title: 'Matrisverktyg' } },
  'GET /api/v1/admin/tools/:toolId': { expected: missingFor('contributor'), url: `/api/v1/admin/tools/${T}` },
  'PATCH /api/v1/admin/tools/:toolId': {
    expected: missingFor('admin'),
    url: `/api/v1/admin/tools/${T}`,
    body: { title: 'X' },
  },
  'POST /api/v1/admin/tools/:toolId/publish': {
    expected: missingFor('admin'),
    url: `/api/v1/admin/tools/${T}/publish`,
  },
  'POST /api/v1/admin/tools/:toolId/depublish': {
    expected: missingFor('admin'),
    url: `/api/v1/admin/tools/${T}/depublish`,
  },
  'GET /api/v1/admin/tools/:toolId/maintainers': {
    expected: missingFor('contributor'),
    url: `/api/v1/admin/tools/${T}/maintainers`,
  },
  'POST /api/v1/admin/tools/:toolId/maintainers': {
    expected: missingFor('admin'),
    url: `/api/v1/admin/tools/${T}/maintainers`,
    body: { email: 'user@matrix.example' },
  },
  'DELETE /api/v1/admin/tools/:toolId/maintainers/:userId': {
    expected: missingFor('admin'),
    url: `/api/v1/admin/tools/${T}/maintainers/${V}`,
  },
  'POST /api/v1/admin/tools/:toolId/lock': {
    expected: missingFor('contributor'),
    url: `/api/v1/admin/tools/${T}/lock`,
    body: {},
  },
  'DELETE /api/v1/admin/tools/:toolId/lock': {
    expected: missingFor('contributor'),
    url: `/api/v1/admin/tools/${T}/lock`,
  },
  'POST /api/v1/admin/tools/:toolId/diagnostics': {
    expected: missingFor('contributor'),
    url: `/api/v1/admin/tools/${T}/diagnostics`,
    body: { sourceCode: 'x = 1\n' },
  },
  'GET /api/v1/admin/tools/:toolId/audit': {
    expected: missingFor('contributor'),
    url: `/api/v1/admin/tools/${T}/audit`,
  },
  'GET /api/v1/admin/audit': { expected: from('admin', 200) },
  'GET /api/v1/admin/tools/:toolId/versions': {
    expected: missingFor('contributor'),
    url: `/api/v1/admin/tools/${T}/versions`,
  },
  'POST /api/v1/admin/tools/:toolId/versions': {
    expected: missingFor('contributor'),
    url: `/api/v1/admin/tools/${T}/versions`,
    body: saveBody,
  },
  'GET /api/v1/admin/versions/:versionId': {
    expected: missingFor('contributor'),
    url: `/api/v1/admin/versions/${V}`,
  },
  'GET /api/v1/admin/versions/:a/diff/:b': {
    expected: missingFor('contributor'),
    url: `/api/v1/admin/versions/${V}/diff/${V}`,
  },
  'POST /api/v1/admin/versions/:versionId/submit': {
    expected: missingFor('contributor'),
    url: `/api/v1/admin/versions/${V}/submit`,
    body: {},
  },
  'POST /api/v1/admin/versions/:versionId/publish': {
    expected: missingFor('admin'),
    url: `/api/v1/admin/versions/${V}/publish`,
    body: {},
  },
  'POST /api/v1/admin/versions/:versionId/request-changes': {
    expected: missingFor('admin'),
    url: `/api/v1/admin/versions/${V}/request-changes`,
    body: { message: 'Byt namn på knappen.' },
  },
  'POST /api/v1/admin/versions/:versionId/rollback': {
    expected: missingFor('superuser'),
    url: `/api/v1/admin/versions/${V}/rollback`,
    body: {},
  },
  'POST /api/v1/admin/tools/:toolId/test-runs': {
    expected: missingFor('contributor'),
    url: `/api/v1/admin/tools/${T}/test-runs`,
    body: { snapshot: JSON.stringify(saveBody) },
  },
  'POST /api/v1/admin/versions/:versionId/test-runs': {
    expected: missingFor('contributor'),
    url: `/api/v1/admin/versions/${V}/test-runs`,
    body: {},
  },
  'GET /api/v1/admin/test-runs/limits': { expected: from('contributor', 200) },
  'GET /api/v1/admin/test-runs/:runId': {
    expected: missingFor('contributor'),
    url: `/api/v1/admin/test-runs/${V}`,
  },
  'GET /api/v1/admin/test-runs/:runId/events': {
    expected: missingFor('contributor'),
    url: `/api/v1/admin/test-runs/${V}/events`,
  },
  'POST /api/v1/admin/test-runs/:runId/actions': {
    expected: missingFor('contributor'),
    url: `/api/v1/admin/test-runs/${V}/actions`,
    body: { actionId: 'next', input: {}, expectedStateRev: 0 },
  },
  'POST /api/v1/admin/test-runs/:runId/cancel': {
    expected: missingFor('contributor'),
    url: `/api/v1/admin/test-runs/${V}/cancel`,
  },
  'GET /api/v1/admin/test-runs/:runId/artifacts/:artifactId': {
    expected: missingFor('contributor'),
    url: `/api/v1/admin/test-runs/${V}/artifacts/${T}`,
  },
  'GET /api/v1/admin/test-runs/:runId/outputs/:index/html': {
    expected: missingFor('contributor'),
    url: `/api/v1/admin/test-runs/${V}/outputs/0/html`,
  },
  'GET /api/v1/admin/reviews': { expected: from('admin', 200) },
  'GET /api/v1/admin/system-status': { expected: from('admin', 200) },
  'GET /api/v1/tools/:slug/samples': { expected: signedIn(200), url: '/api/v1/tools/finns-inte/samples' },
  'POST /api/v1/tools/:slug/sample-runs': {
    expected: signedIn(404),
    url: '/api/v1/tools/finns-inte/sample-runs',
    body: {},
  },
  'GET /api/v1/admin/tools/:toolId/export': {
    expected: from('admin', 404),
    url: `/api/v1/admin/tools/${T}/export`,
  },
  'POST /api/v1/admin/tools/import': { expected: from('admin', 422), body: {} },
  'POST /api/v1/admin/schemas/validate': {
    expected: from('contributor', 200),
    body: { inputSchema: [], settingsSchema: [] },
  },

  'GET /api/v1/admin/users': { expected: from('admin', 200) },
  'POST /api/v1/admin/users': {
    expected: from('admin', 201),
    body: (caller: Caller) => ({ email: `ny-${caller}@matrix.example` }),
  },
  'GET /api/v1/admin/users/:userId': {
    expected: from('admin', 200),
    url: () => `/api/v1/admin/users/${targets.managed}`,
  },
  // Promoting anyone to superuser: only a superuser may.
  'PATCH /api/v1/admin/users/:userId': {
    expected: from('superuser', 200),
    url: () => `/api/v1/admin/users/${targets.promoted}`,
    body: { role: 'superuser' },
  },
  'POST /api/v1/admin/users/:userId/unlock': {
    expected: from('admin', 200),
    url: () => `/api/v1/admin/users/${targets.managed}/unlock`,
  },
  'POST /api/v1/admin/users/:userId/send-reset': {
    expected: from('admin', 200),
    url: () => `/api/v1/admin/users/${targets.managed}/send-reset`,
  },
  'GET /api/v1/admin/users/:userId/login-events': {
    expected: from('superuser', 200),
    url: () => `/api/v1/admin/users/${targets.managed}/login-events`,
  },
  'POST /api/v1/auth/set-password': {
    expected: everyone(422),
    body: { token: 'x'.repeat(43), password: 'ett-langt-losenord' },
  },
  'POST /api/v1/suggestions': { expected: from('contributor', 201), body: suggestion },
  'GET /api/v1/me/suggestions': { expected: from('contributor', 200) },
  'POST /api/v1/me/suggestions/seen': { expected: from('contributor', 200) },
  'GET /api/v1/admin/suggestions': { expected: from('admin', 200) },
  'GET /api/v1/admin/suggestions/:suggestionId': {
    expected: missingFor('admin'),
    url: `/api/v1/admin/suggestions/${V}`,
  },
  'POST /api/v1/admin/suggestions/:suggestionId/decision': {
    expected: missingFor('admin'),
    url: `/api/v1/admin/suggestions/${V}/decision`,
    body: { decision: 'decline', reason: 'Finns redan.' },
  },
};

describe('authorization matrix', () => {
  let ctx: TestContext;
  /** A signed-in person of each role whose account was then deactivated. */
  const deactivated = new Map<Exclude<Caller, 'anonymous'>, TestClient>();
  beforeAll(async () => {
    ctx = await createTestContext({ env: { SKRIPTOTEKET_LOGIN_RATE_PER_MINUTE: '10000' } });
    await ctx.untilReady();
    const ids: Record<string, string> = {};
    for (const role of callers.slice(1)) {
      ids[role] = (
        await ctx.services.users.createUser({
          email: `${role}@matrix.example`,
          role: role as never,
          password: TEST_PASSWORD,
        })
      ).id;
    }
    const make = (email: string, role: 'user' | 'admin') =>
      ctx.services.users.createUser({ email, role, password: TEST_PASSWORD });
    targets.promoted = (await make('befordras@matrix.example', 'admin')).id;
    targets.managed = (await make('hanteras@matrix.example', 'user')).id;
    // Admins and superusers are deactivated by a superuser, which also signs them out; users and contributors
    // only by their row, as another process would, so what refuses them is the session check of every request.
    const superuser = { id: ids['superuser']!, role: 'superuser' as const };
    for (const role of ['user', 'contributor', 'admin', 'superuser'] as const) {
      const email = `inaktiverad-${role}@matrix.example`;
      const { id } = await ctx.services.users.createUser({ email, role, password: TEST_PASSWORD });
      const client = ctx.client();
      expect((await client.login(email, TEST_PASSWORD)).statusCode).toBe(200);
      if (role === 'admin' || role === 'superuser')
        await ctx.services.userAdmin.patchUser(superuser, id, { isActive: false });
      else await ctx.database.db.update(users).set({ isActive: false }).where(eq(users.id, id));
      deactivated.set(role, client);
    }
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('has exactly one row for every registered route', () => {
    const registered = ctx.app.registeredRoutes.map((r) => `${r.method} ${r.url}`).sort();
    expect(registered).toEqual(Object.keys(matrix).sort());
  });

  async function clientFor(caller: Caller): Promise<TestClient> {
    const client = ctx.client();
    if (caller !== 'anonymous') {
      const response = await client.login(`${caller}@matrix.example`, TEST_PASSWORD);
      expect(response.statusCode).toBe(200);
    }
    return client;
  }

  const urlOf = (row: Row) => (typeof row.url === 'function' ? row.url() : row.url);

  // A deactivated account gets what an anonymous caller gets from every route: 401 wherever a session is
  // needed. The client asks for a fresh CSRF token, as the web app does after a 401.
  it.each(
    Object.entries(matrix).flatMap(([route, row]) =>
      (['user', 'contributor', 'admin', 'superuser'] as const).map((role) => ({ route, row, role })),
    ),
  )('$route as a deactivated $role', async ({ route, row, role }) => {
    const [method, pattern] = route.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string];
    const client = deactivated.get(role)!;
    client.csrfToken = undefined;
    const response = await client.request({
      method,
      url: urlOf(row) ?? pattern,
      ...(row.body === undefined
        ? {}
        : { payload: (typeof row.body === 'function' ? row.body(role) : row.body) as object }),
    });
    expect(response.statusCode, response.body.slice(0, 200)).toBe(row.expected.anonymous);
  });

  const cases = Object.entries(matrix).flatMap(([route, row]) =>
    callers.map((caller) => ({ route, caller, row })),
  );

  it.each(cases)('$route as $caller', async ({ route, caller, row }) => {
    const [method, pattern] = route.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string];
    const client = await clientFor(caller);
    const response = await client.request({
      method,
      url: urlOf(row) ?? pattern,
      ...(row.body === undefined
        ? {}
        : { payload: (typeof row.body === 'function' ? row.body(caller) : row.body) as object }),
    });
    expect(response.statusCode, response.body.slice(0, 200)).toBe(row.expected[caller]);
  });
});
