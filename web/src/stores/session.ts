import type { Locale, LoginBody, LoginResponse, MeResponse, Role, User } from '@skriptoteket/contracts';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { api, ApiError } from '../api/client';
import { hasRole } from '../api/contract-values';

/** How old what the page knows about the signed-in user may get before a navigation or a return to the tab re-reads it. */
export const SESSION_REFRESH_MS = 60_000;

/**
 * Who is signed in. `load()` runs once per page load; login/logout keep it current afterwards, and
 * `refreshIfStale()` picks up what changed elsewhere (an admin raised the role, a new name).
 */
export const useSessionStore = defineStore('session', () => {
  const user = ref<User | null>(null);
  const isLoaded = ref(false);
  /** Set when the session check failed for a reason other than "not signed in" (e.g. server down). */
  const loadError = shallowRef<ApiError | null>(null);
  const csrfToken = computed(() => api.csrfToken.value);
  let pendingLoad: Promise<void> | null = null;
  let loadedAt = 0;
  let pendingRefresh: Promise<void> | null = null;

  const isAuthenticated = computed(() => user.value !== null);
  const role = computed<Role | null>(() => user.value?.role ?? null);

  function can(minRole: Role): boolean {
    return user.value !== null && hasRole(user.value.role, minRole);
  }

  async function fetchMe(): Promise<void> {
    try {
      const data = await api.get<MeResponse>('/auth/me');
      user.value = data.user;
      loadError.value = null;
      loadedAt = Date.now();
    } catch (error) {
      user.value = null;
      if (!(error instanceof ApiError && error.code === 'UNAUTHENTICATED')) {
        loadError.value = error instanceof ApiError ? error : null;
        if (!(error instanceof ApiError)) throw error;
      }
    } finally {
      isLoaded.value = true;
    }
  }

  /** Loads the current user once; later calls reuse the first result. Never rejects for API errors. */
  function load(): Promise<void> {
    if (isLoaded.value) return Promise.resolve();
    pendingLoad ??= fetchMe().finally(() => {
      pendingLoad = null;
    });
    return pendingLoad;
  }

  /**
   * Re-reads the signed-in user in the background when what the page knows is older than SESSION_REFRESH_MS, so a
   * role an admin raised shows in the menu without a reload. Only a successful answer changes anything: a failed
   * one (offline, session ended) leaves the page as it is, and the next request that needs the session says so.
   */
  function refreshIfStale(): Promise<void> {
    if (!isLoaded.value || user.value === null || Date.now() - loadedAt < SESSION_REFRESH_MS)
      return Promise.resolve();
    pendingRefresh ??= (async () => {
      const before = user.value;
      try {
        const data = await api.get<MeResponse>('/auth/me');
        // Signed out or in as someone else meanwhile: that newer state stands.
        if (user.value === before && data.user.id === before?.id) user.value = data.user;
        loadedAt = Date.now();
      } catch {
        // see above
      } finally {
        pendingRefresh = null;
      }
    })();
    return pendingRefresh;
  }

  /** Throws ApiError (UNAUTHENTICATED, ACCOUNT_LOCKED, RATE_LIMITED, NETWORK, …) for the view to explain. */
  async function login(credentials: LoginBody): Promise<User> {
    const data = await api.post<LoginResponse>('/auth/login', credentials);
    api.setCsrfToken(data.csrfToken);
    user.value = data.user;
    isLoaded.value = true;
    loadError.value = null;
    loadedAt = Date.now();
    return data.user;
  }

  /**
   * Stores the language on the account, so every later session opens in it. Optimistic: `user.locale` changes
   * at once and goes back if saving fails (unless another choice came meanwhile); throws the ApiError.
   */
  async function saveLocale(locale: Locale): Promise<void> {
    const before = user.value;
    if (!before || before.locale === locale) return;
    user.value = { ...before, locale };
    try {
      await api.patch('/me/profile', { locale });
    } catch (error) {
      if (user.value?.id === before.id && user.value.locale === locale) {
        user.value = { ...user.value, locale: before.locale };
      }
      throw error;
    }
  }

  async function logout(): Promise<void> {
    try {
      await api.post('/auth/logout');
    } catch (error) {
      // Already signed out on the server (expired session): the outcome the user wanted.
      if (!(error instanceof ApiError && error.code === 'UNAUTHENTICATED')) throw error;
    }
    user.value = null;
    // The old token belonged to the old session.
    api.setCsrfToken(null);
    await api.refreshCsrfToken().catch(() => undefined);
  }

  return {
    user,
    isLoaded,
    loadError,
    csrfToken,
    isAuthenticated,
    role,
    can,
    load,
    refreshIfStale,
    login,
    logout,
    saveLocale,
  };
});
