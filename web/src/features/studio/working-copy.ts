import type { StudioContent } from './studio-content';

/**
 * The unsaved editor content kept in this browser, per tool and the version it started from, so a reload or a
 * crashed tab loses nothing. Storage may be unavailable or full: then nothing is kept, and nothing breaks.
 */
export interface WorkingCopy {
  content: StudioContent;
  /** ISO time of the last change. */
  savedAt: string;
}

const PREFIX = 'skriptoteket.studio.v1';

export const workingCopyKey = (toolId: string, baseVersionId: string | null) =>
  `${PREFIX}:${toolId}:${baseVersionId ?? 'new'}`;

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function isContent(value: unknown): value is StudioContent {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c['sourceCode'] === 'string' &&
    typeof c['entrypoint'] === 'string' &&
    Array.isArray(c['inputSchema']) &&
    Array.isArray(c['settingsSchema']) &&
    typeof c['usageInstructions'] === 'string'
  );
}

export function readWorkingCopy(toolId: string, baseVersionId: string | null): WorkingCopy | null {
  try {
    const raw = storage()?.getItem(workingCopyKey(toolId, baseVersionId));
    if (!raw) return null;
    const parsed = JSON.parse(raw) as { content?: unknown; savedAt?: unknown };
    return isContent(parsed.content) && typeof parsed.savedAt === 'string'
      ? { content: parsed.content, savedAt: parsed.savedAt }
      : null;
  } catch {
    return null;
  }
}

export function writeWorkingCopy(toolId: string, baseVersionId: string | null, copy: WorkingCopy): boolean {
  try {
    storage()?.setItem(workingCopyKey(toolId, baseVersionId), JSON.stringify(copy));
    return true;
  } catch {
    return false;
  }
}

export function clearWorkingCopy(toolId: string, baseVersionId: string | null): void {
  try {
    storage()?.removeItem(workingCopyKey(toolId, baseVersionId));
  } catch {
    // Nothing kept, nothing to clear.
  }
}
