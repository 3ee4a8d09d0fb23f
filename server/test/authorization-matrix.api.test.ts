import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  /** Concrete URL for routes with parameters or wildcards. */
  url?: string;
  body?: unknown;
}

const everyone = (status: number): Expected => ({ anonymous: status, user: status, contributor: status, admin: status, superuser: status });
const signedIn = (status: number): Expected => ({ ...everyone(status), anonymous: 401 });

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
};

describe('authorization matrix', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ env: { SKRIPTOTEKET_LOGIN_RATE_PER_MINUTE: '10000' } });
    for (const role of callers.slice(1)) {
      await ctx.services.users.createUser({ email: `${role}@matrix.example`, role: role as never, password: TEST_PASSWORD });
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

  const cases = Object.entries(matrix).flatMap(([route, row]) =>
    callers.map((caller) => ({ route, caller, row })),
  );

  it.each(cases)('$route as $caller', async ({ route, caller, row }) => {
    const [method, pattern] = route.split(' ') as [string, string];
    const client = await clientFor(caller);
    const response = await client.request({
      method: method as 'GET',
      url: row.url ?? pattern,
      ...(row.body === undefined ? {} : { payload: row.body as object }),
    });
    expect(response.statusCode, response.body.slice(0, 200)).toBe(row.expected[caller]);
  });
});
