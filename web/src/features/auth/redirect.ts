/**
 * Where to go after signing in: the `redirect` query value when it is a path inside this app, else home.
 * Rejects protocol-relative and backslash forms ("//evil.example", "/\evil.example") that browsers
 * would treat as another origin.
 */
export function safeRedirect(value: unknown): string {
  if (typeof value !== 'string') return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if ([...value].some((char) => char.charCodeAt(0) < 0x20)) return '/';
  return value;
}
