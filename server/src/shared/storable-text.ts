/** Why PostgreSQL could not store a string: a NUL character, or a lone UTF-16 surrogate (not Unicode at all). */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && (value as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/**
 * The path of the first string (or object key) in `value` that PostgreSQL cannot store, or null. Walks at most
 * `maxDepth` levels (deeper JSON is refused before parsing).
 */
export function findUnstorableText(value: unknown, maxDepth = 100): (string | number)[] | null {
  if (typeof value === 'string') return isStorableText(value) ? null : [];
  if (maxDepth <= 0 || typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], maxDepth - 1);
      if (found) return [i, ...found];
    }
    return null;
  }
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (!isStorableText(key)) return [key];
    const found = findUnstorableText(inner, maxDepth - 1);
    if (found) return [key, ...found];
  }
  return null;
}
