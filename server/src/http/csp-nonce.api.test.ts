import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/api-harness';
import { CSP_NONCE_PLACEHOLDER, policyWithStyleNonce } from './csp-nonce';

/** The editor (CodeMirror) injects <style> elements; they may run only with the nonce of the page's response. */
describe('the per-response style nonce of the SPA', () => {
  let ctx: TestContext;
  let webDir: string;

  beforeAll(async () => {
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-web-'));
    fs.writeFileSync(
      path.join(webDir, 'index.html'),
      `<!doctype html><meta property="csp-nonce" nonce="${CSP_NONCE_PLACEHOLDER}">` +
        `<script type="module" nonce="${CSP_NONCE_PLACEHOLDER}" src="/assets/app.js"></script>`,
    );
    ctx = await createTestContext({ webDir });
  });
  afterAll(async () => {
    await ctx.close();
    fs.rmSync(webDir, { recursive: true, force: true });
  });

  const page = (url: string) => ctx.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
  const nonceIn = (html: string) => /property="csp-nonce" nonce="([^"]+)"/.exec(html)?.[1];

  it('puts a fresh nonce into the HTML and the style-src of the same response, never into script-src', async () => {
    const first = await page('/studio/tools/abc');
    const second = await page('/');
    const nonce = nonceIn(first.body)!;
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(first.body).not.toContain(CSP_NONCE_PLACEHOLDER);
    const csp = String(first.headers['content-security-policy']);
    expect(csp).toContain(`style-src 'self' 'nonce-${nonce}'`);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    expect(nonceIn(second.body)).not.toBe(nonce);
    expect(String(second.headers['content-security-policy'])).toContain(`'nonce-${nonceIn(second.body)}'`);
  });

  it('serves /index.html itself with a nonce too, never the placeholder', async () => {
    const direct = await page('/index.html');
    expect(direct.statusCode).toBe(200);
    expect(direct.body).not.toContain(CSP_NONCE_PLACEHOLDER);
    expect(String(direct.headers['content-security-policy'])).toContain(`'nonce-${nonceIn(direct.body)}'`);
  });

  it('adds the nonce to style-src only', () => {
    expect(policyWithStyleNonce("default-src 'self';style-src 'self';img-src 'self'", 'n1')).toBe(
      "default-src 'self';style-src 'self' 'nonce-n1';img-src 'self'",
    );
    expect(policyWithStyleNonce("default-src 'self'", 'n1')).toBe("default-src 'self'");
  });
});
