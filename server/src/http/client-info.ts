import type { FastifyRequest } from 'fastify';
import type { ClientInfo } from '../identity/auth.service';

export function clientInfo(request: FastifyRequest): ClientInfo {
  const agent = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof agent === 'string' ? agent.slice(0, 512) : null };
}
