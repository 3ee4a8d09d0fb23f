import type { FastifyRequest } from 'fastify';
import type { Actor } from '../authoring/authoring.model';
import { unauthenticated } from '../shared/app-error';

/** The signed-in caller of a route whose access rule already required a session. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.auth) throw unauthenticated();
  return { id: request.auth.user.id, role: request.auth.user.role };
}
