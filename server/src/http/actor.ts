import type { FastifyRequest } from 'fastify';
import type { Actor } from '../shared/actor';
import { unauthenticated } from '../shared/app-error';

/** The signed-in caller of a route whose access rule already required a session. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.auth) throw unauthenticated();
  const { id, role, locale } = request.auth.user;
  return { id, role, locale };
}
