import type { RouteRecordRaw } from 'vue-router';

/** Self-service account pages (the links in account mails point at /verify and /reset-password). */
export const accountRoutes: RouteRecordRaw[] = [
  { path: '/register', name: 'register', component: () => import('./RegisterView.vue') },
  { path: '/verify', name: 'verify', component: () => import('./VerifyView.vue') },
  { path: '/forgot-password', name: 'forgot-password', component: () => import('./ForgotPasswordView.vue') },
  { path: '/reset-password', name: 'reset-password', component: () => import('./ResetPasswordView.vue') },
  {
    path: '/change-password',
    name: 'change-password',
    component: () => import('./ChangePasswordView.vue'),
    meta: { requiresAuth: true },
  },
  {
    path: '/profile',
    name: 'profile',
    component: () => import('./ProfileView.vue'),
    meta: { requiresAuth: true },
  },
];
