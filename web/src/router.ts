import type { Role } from '@skriptoteket/contracts';
import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteLocationRaw,
  type RouterHistory,
  type RouteRecordRaw,
} from 'vue-router';
import { accountRoutes } from './features/accounts/account-routes';
import { useSessionStore } from './stores/session';

declare module 'vue-router' {
  interface RouteMeta {
    /** Only signed-in users; others are sent to /login?redirect=… */
    requiresAuth?: boolean;
    /** Only users with at least this role (implies requiresAuth); others see "not found", as the API does. */
    minRole?: Role;
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/',
    name: 'home',
    component: () => import('./features/home/HomeView.vue'),
    meta: { requiresAuth: true },
  },
  {
    path: '/browse',
    name: 'browse',
    component: () => import('./features/catalog/BrowseView.vue'),
    meta: { requiresAuth: true },
  },
  {
    path: '/tools/:slug',
    name: 'tool',
    component: () => import('./features/catalog/ToolPageView.vue'),
    meta: { requiresAuth: true },
  },
  {
    path: '/runs',
    name: 'runs',
    component: () => import('./features/runs/RunHistoryView.vue'),
    meta: { requiresAuth: true },
  },
  {
    path: '/runs/:runId',
    name: 'run',
    component: () => import('./features/runs/RunPageView.vue'),
    meta: { requiresAuth: true },
  },
  {
    path: '/login',
    name: 'login',
    component: () => import('./features/auth/LoginView.vue'),
  },
  ...accountRoutes,
  {
    path: '/admin/tools',
    name: 'admin-tools',
    component: () => import('./features/governance/ToolListView.vue'),
    meta: { minRole: 'contributor' },
  },
  {
    path: '/admin/tools/:toolId',
    name: 'admin-tool',
    component: () => import('./features/governance/ToolView.vue'),
    meta: { minRole: 'contributor' },
  },
  {
    path: '/admin/reviews',
    name: 'admin-reviews',
    component: () => import('./features/governance/ReviewQueueView.vue'),
    meta: { minRole: 'admin' },
  },
  {
    path: '/admin/audit',
    name: 'admin-audit',
    component: () => import('./features/governance/AuditLogView.vue'),
    meta: { minRole: 'admin' },
  },
  {
    path: '/admin/users',
    name: 'admin-users',
    component: () => import('./features/people/UsersView.vue'),
    meta: { minRole: 'admin' },
  },
  {
    path: '/admin/users/:userId',
    name: 'admin-user',
    component: () => import('./features/people/UserView.vue'),
    meta: { minRole: 'admin' },
  },
  {
    path: '/set-password',
    name: 'set-password',
    component: () => import('./features/people/SetPasswordView.vue'),
  },
  {
    path: '/suggestions/new',
    name: 'new-suggestion',
    component: () => import('./features/suggestions/NewSuggestionView.vue'),
    meta: { minRole: 'contributor' },
  },
  {
    path: '/my/suggestions',
    name: 'my-suggestions',
    component: () => import('./features/suggestions/MySuggestionsView.vue'),
    meta: { minRole: 'contributor' },
  },
  {
    path: '/admin/suggestions',
    name: 'admin-suggestions',
    component: () => import('./features/suggestions/AdminSuggestionsView.vue'),
    meta: { minRole: 'admin' },
  },
  {
    path: '/studio/tools/:toolId',
    name: 'studio',
    component: () => import('./features/studio/StudioView.vue'),
    meta: { minRole: 'contributor' },
  },
  {
    path: '/my/tools',
    name: 'my-tools',
    component: () => import('./features/studio/MyToolsView.vue'),
    meta: { minRole: 'contributor' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./features/errors/NotFoundView.vue'),
  },
];

/** Decides where a navigation may go; exported for tests of the rules without a browser. */
export async function authGuard(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  const session = useSessionStore();
  await session.load();
  // What changed elsewhere (a role raised) shows within a minute of use, without a reload.
  const refreshed = session.refreshIfStale();

  const needsAuth = to.matched.some((record) => record.meta.requiresAuth || record.meta.minRole);
  if (needsAuth && !session.isAuthenticated) {
    return { name: 'login', query: { redirect: to.fullPath } };
  }
  if (to.name === 'login' && session.isAuthenticated) {
    return { path: '/' };
  }
  // A generated password is changed before anything else (the API refuses everything else meanwhile).
  if (needsAuth && session.user?.mustChangePassword && to.name !== 'change-password') {
    return { name: 'change-password', query: { redirect: to.fullPath } };
  }
  const minRole = to.matched.reduce<Role | undefined>(
    (role, record) => record.meta.minRole ?? role,
    undefined,
  );
  // The role may have been raised since the page last asked: a stale answer is checked again first.
  if (minRole && !session.can(minRole)) await refreshed;
  if (minRole && !session.can(minRole)) {
    // Keep the address; show "not found" rather than reveal that the page exists.
    return {
      name: 'not-found',
      params: { pathMatch: to.path.slice(1).split('/') },
      query: to.query,
      hash: to.hash,
      replace: true,
    };
  }
  return true;
}

export function createAppRouter(history: RouterHistory = createWebHistory()) {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: (_to, _from, savedPosition) => savedPosition ?? { top: 0 },
  });
  router.beforeEach(authGuard);
  return router;
}
