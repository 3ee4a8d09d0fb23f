/**
 * A client for a server running in another process (process and fault tests): a cookie jar, the CSRF header as
 * the SPA sends it, and the admin steps that publish a tool through the public API.
 */
export class HttpClient {
  private readonly cookies = new Map<string, string>();
  private csrfToken = '';

  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const isForm = body instanceof FormData;
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' ? { 'x-csrf-token': this.csrfToken } : {}),
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...headers,
      },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, value] = pair!.split('=');
      this.cookies.set(name!, value ?? '');
    }
    const text = await response.text();
    const json =
      text && response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as unknown) : null;
    return { status: response.status, json: json as Record<string, unknown> & { id?: string } };
  }

  async signIn(email: string, password: string): Promise<void> {
    const csrf = await this.request('GET', '/auth/csrf');
    this.csrfToken = String(csrf.json['csrfToken']);
    const login = await this.request('POST', '/auth/login', { email, password });
    if (login.status !== 200)
      throw new Error(`sign-in failed (${login.status}): ${JSON.stringify(login.json)}`);
    this.csrfToken = String(login.json['csrfToken']);
  }

  /** As an admin: create, save, submit, publish a version and publish the tool. Returns the slug. */
  async publishTool(title: string, sourceCode: string): Promise<string> {
    const expectOk = (result: { status: number; json: unknown }, step: string) => {
      if (result.status >= 300)
        throw new Error(`${step} failed (${result.status}): ${JSON.stringify(result.json)}`);
      return result.json as Record<string, unknown> & { id: string };
    };
    const tool = expectOk(
      await this.request('POST', '/admin/tools', { title, summary: 'Ett testverktyg.' }),
      'create',
    );
    expectOk(
      await this.request('PATCH', `/admin/tools/${tool.id}`, {
        professions: ['larare'],
        categories: ['ovrigt'],
      }),
      'taxonomy',
    );
    expectOk(await this.request('POST', `/admin/tools/${tool.id}/lock`, {}), 'lock');
    const version = expectOk(
      await this.request('POST', `/admin/tools/${tool.id}/versions`, {
        baseVersionId: null,
        sourceCode,
        entrypoint: 'run_tool',
        inputSchema: [],
        settingsSchema: [],
        usageInstructions: '',
      }),
      'save',
    );
    expectOk(await this.request('POST', `/admin/versions/${version.id}/submit`, { note: '' }), 'submit');
    expectOk(
      await this.request('POST', `/admin/versions/${version.id}/publish`, { changeSummary: '' }),
      'publish',
    );
    expectOk(await this.request('POST', `/admin/tools/${tool.id}/publish`, {}), 'publish tool');
    return String(tool['slug']);
  }
}
