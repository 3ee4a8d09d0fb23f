import { randomBytes } from 'node:crypto';

/**
 * The placeholder Vite writes wherever a nonce belongs in the built index.html (`html.cspNonce` in
 * web/vite.config.ts): on its tags and in `<meta property="csp-nonce">`, which the editor reads.
 */
export const CSP_NONCE_PLACEHOLDER = 'SKRIPTOTEKET_CSP_NONCE';

/** A fresh nonce for one HTML response: 128 random bits, base64 (never reused, never predictable). */
export function newCspNonce(): string {
  return randomBytes(16).toString('base64');
}

/** index.html with every placeholder replaced by this response's nonce. */
export function htmlWithNonce(html: string, nonce: string): string {
  return html.replaceAll(CSP_NONCE_PLACEHOLDER, nonce);
}

/**
 * Allows `<style>` elements that carry this nonce (CodeMirror injects its styles that way) and nothing else
 * inline: the nonce is added to `style-src` only; scripts stay `'self'`.
 */
export function policyWithStyleNonce(policy: string, nonce: string): string {
  const directives = policy.split(';').map((part) => part.trim());
  const index = directives.findIndex((part) => part.split(/\s+/)[0] === 'style-src');
  if (index < 0) return policy;
  directives[index] = `${directives[index]} 'nonce-${nonce}'`;
  return directives.join(';');
}
