import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { text } from '@skriptoteket/contracts';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../shared/app-error';
import { htmlWithNonce, newCspNonce, policyWithStyleNonce } from './csp-nonce';
import { sendError } from './error-handler';
import { registerPublicScope } from './public-scope';

const API_PREFIXES = ['/api/', '/healthz', '/readyz', '/metrics'];

/**
 * Serves the built SPA: hashed assets cached for a year, index.html never cached, and index.html for any
 * other GET that accepts HTML (history-mode routing), each time with a fresh CSP style nonce. API paths always
 * get the JSON 404 envelope.
 */
export async function registerSpa(app: FastifyInstance, webDir: string | undefined): Promise<void> {
  const indexPath = webDir ? path.join(webDir, 'index.html') : undefined;
  const indexHtml = indexPath && fs.existsSync(indexPath) ? fs.readFileSync(indexPath, 'utf8') : undefined;
  if (indexHtml && webDir) {
    await registerPublicScope(app, async (scope) => {
      await scope.register(fastifyStatic, {
        root: webDir,
        wildcard: false,
        index: false,
        // index.html always goes through the fallback below, which gives each response its own nonce.
        allowedPath: (pathName) => pathName !== '/index.html',
        setHeaders: (res, filePath) => {
          const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
          res.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
    });
  }
  app.setNotFoundHandler(async (request, reply) => {
    const wantsHtml = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
    const isApi = API_PREFIXES.some((prefix) => request.url.startsWith(prefix));
    if (indexHtml && wantsHtml && !isApi) {
      const nonce = newCspNonce();
      const policy = reply.getHeader('content-security-policy');
      if (typeof policy === 'string')
        reply.header('content-security-policy', policyWithStyleNonce(policy, nonce));
      return reply
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .send(htmlWithNonce(indexHtml, nonce));
    }
    const message = text('Sidan eller resursen finns inte.', 'The page or resource does not exist.');
    return sendError(reply, request, new AppError('NOT_FOUND', message));
  });
}
