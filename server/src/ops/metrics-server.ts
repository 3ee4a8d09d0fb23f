import http from 'node:http';
import type { Registry } from 'prom-client';
import { safeEqual } from '../shared/tokens';

/**
 * `/metrics` (and `/healthz`) of a process that serves no HTTP otherwise: a standalone worker. Same series and
 * the same optional bearer token as the web server's.
 */
export async function serveMetrics(options: {
  registry: Registry;
  host: string;
  port: number;
  token?: string | undefined;
}): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET' || !['/metrics', '/healthz'].includes(url.pathname)) {
      response.writeHead(404).end();
      return;
    }
    if (url.pathname === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (options.token && !safeEqual(request.headers.authorization ?? '', `Bearer ${options.token}`)) {
      response.writeHead(401).end();
      return;
    }
    options.registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': options.registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}
