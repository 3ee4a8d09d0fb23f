import { hasRole, text, type Locale, type Role } from '@skriptoteket/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AuthenticatedSession, AuthService } from '../identity/auth.service';
import { AppError, forbidden, unauthenticated } from '../shared/app-error';
import { newToken, safeEqual } from '../shared/tokens';
import { DEFAULT_LOCALE, localeFromAcceptLanguage } from './locale';

/** Who may call a route: anyone, any signed-in user, or a role and everything above it. */
export type Access = 'public' | 'authenticated' | Role;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Public routes that never look at the caller (health, metrics, static files) skip the session lookup. */
    skipSession?: boolean;
    /** Allowed to a user who must change a generated password first (sign out, read self, change password). */
    allowsPendingPasswordChange?: boolean;
  }
  interface FastifyRequest {
    auth: AuthenticatedSession | null;
    /** The language of what the server says: the signed-in user's, else the best of Accept-Language. */
    locale: Locale;
  }
}

export const SESSION_COOKIE = 'sk_session';
export const CSRF_COOKIE = 'sk_csrf';
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface SessionPluginOptions {
  auth: AuthService;
  cookieSecure: boolean;
  sessionMaxDays: number;
}

function cookieOptions(secure: boolean, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure,
    ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}),
  };
}

export function setSessionCookie(reply: FastifyReply, token: string, opts: SessionPluginOptions): void {
  void reply.setCookie(SESSION_COOKIE, token, cookieOptions(opts.cookieSecure, opts.sessionMaxDays * 86_400));
}

export function clearSessionCookie(reply: FastifyReply, opts: SessionPluginOptions): void {
  void reply.clearCookie(SESSION_COOKIE, cookieOptions(opts.cookieSecure));
}

/** The CSRF token for this request: the session's own, or a double-submit cookie for anonymous callers. */
export function csrfTokenFor(
  request: FastifyRequest,
  reply: FastifyReply,
  opts: SessionPluginOptions,
): string {
  if (request.auth) return request.auth.csrfToken;
  const existing = request.cookies[CSRF_COOKIE];
  if (existing) return existing;
  const token = newToken();
  void reply.setCookie(CSRF_COOKIE, token, cookieOptions(opts.cookieSecure));
  return token;
}

function checkCsrf(request: FastifyRequest): void {
  const header = request.headers['x-csrf-token'];
  const sent = typeof header === 'string' ? header : '';
  const expected = request.auth ? request.auth.csrfToken : request.cookies[CSRF_COOKIE];
  if (!sent || !expected || !safeEqual(sent, expected)) {
    const message = text(
      'Sidan behöver laddas om. Försök igen.',
      'The page needs to be reloaded. Try again.',
    );
    throw forbidden(message, { reason: 'CSRF' });
  }
}

const PASSWORD_CHANGE_REQUIRED = text(
  'Du behöver byta ditt tillfälliga lösenord innan du kan fortsätta.',
  'You need to change your temporary password before you can continue.',
);

function checkAccess(request: FastifyRequest, access: Access): void {
  if (access === 'public') return;
  if (!request.auth) throw unauthenticated();
  if (request.auth.user.mustChangePassword && !request.routeOptions.config.allowsPendingPasswordChange)
    throw new AppError('PASSWORD_CHANGE_REQUIRED', PASSWORD_CHANGE_REQUIRED);
  if (access !== 'authenticated' && !hasRole(request.auth.user.role, access)) throw forbidden();
}

async function sessionPlugin(app: FastifyInstance, opts: SessionPluginOptions): Promise<void> {
  app.decorateRequest('auth', null);
  app.decorateRequest('locale', DEFAULT_LOCALE);
  app.addHook('onRequest', async (request, reply) => {
    request.locale = localeFromAcceptLanguage(request.headers['accept-language']);
    if (request.routeOptions.config.skipSession && request.routeOptions.config.access === 'public') return;
    const token = request.cookies[SESSION_COOKIE];
    request.auth = token ? await opts.auth.authenticate(token) : null;
    if (token && !request.auth) clearSessionCookie(reply, opts);
    if (request.auth) request.locale = request.auth.user.locale;
    const access = request.routeOptions.config.access;
    if (access === undefined) {
      // Every route must declare who may call it; an undeclared route is closed.
      if (request.routeOptions.url) throw new Error(`Route ${request.routeOptions.url} has no access rule`);
      return;
    }
    checkAccess(request, access);
    if (MUTATING.has(request.method)) checkCsrf(request);
  });
}

export default fp(sessionPlugin, { name: 'session' });
