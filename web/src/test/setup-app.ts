import type { Locale } from '@skriptoteket/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { api } from '../api/client';
import { createAppI18n } from '../i18n';
import { createAppRouter } from '../router';
import { createAuthServer } from './fake-server';

/**
 * The real router, store and i18n wired to a fake server behind the global fetch, as in the app.
 * Call inside a test; undo with `resetApp()` in afterEach.
 */
export function setupApp(options: { server?: ReturnType<typeof createAuthServer>; locale?: Locale } = {}) {
  const server = options.server ?? createAuthServer();
  vi.stubGlobal('fetch', server.fetch);
  api.setCsrfToken(null);
  const pinia = createPinia();
  setActivePinia(pinia);
  const i18n = createAppI18n(options.locale ?? 'sv');
  const router = createAppRouter(createMemoryHistory());
  return { server, pinia, i18n, router, plugins: [pinia, i18n, router] as const };
}

export function resetApp(): void {
  vi.unstubAllGlobals();
  localStorage.clear();
  document.body.innerHTML = '';
}
