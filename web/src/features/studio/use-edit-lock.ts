import type { Person, ToolLock } from '@skriptoteket/contracts';
import { computed, onBeforeUnmount, ref, shallowRef } from 'vue';
import { ApiError } from '../../api/client';
import { apiErrorMessage } from '../../api/error-message';
import type { Message } from '../../i18n/message';
import { studioApi } from './studio-api';

/** The server keeps a lock 10 minutes; renewing every minute survives a few lost heartbeats. */
export const HEARTBEAT_MS = 60_000;
/** While someone else edits, ask again this often, so the editor opens as soon as they leave. */
export const RETRY_MS = 30_000;

export interface LockedBy {
  holder: Person;
  expiresAt: string;
}

function lockedByOf(error: unknown): LockedBy | null {
  if (!(error instanceof ApiError) || error.code !== 'CONFLICT') return null;
  const details = error.details as Partial<LockedBy> | undefined;
  return details?.holder && details.expiresAt
    ? { holder: details.holder, expiresAt: details.expiresAt }
    : null;
}

/**
 * The edit lock of one tool while the studio is open: taken on open, renewed by a heartbeat, released on
 * leaving. When someone else holds it the editor is read-only and says who and until when; an admin may take
 * it over (the server records that in the audit log).
 */
export function useEditLock(toolId: () => string) {
  const lock = shallowRef<ToolLock | null>(null);
  const lockedBy = shallowRef<LockedBy | null>(null);
  const error = shallowRef<Message | null>(null);
  const isBusy = ref(false);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let isStopped = false;

  const isMine = computed(() => lock.value?.isMine === true);

  function schedule(ms: number): void {
    if (timer) clearTimeout(timer);
    if (!isStopped) timer = setTimeout(() => void acquire(false), ms);
  }

  async function acquire(force: boolean): Promise<void> {
    isBusy.value = true;
    try {
      lock.value = await studioApi.takeLock(toolId(), force);
      lockedBy.value = null;
      error.value = null;
      schedule(HEARTBEAT_MS);
    } catch (caught) {
      const other = lockedByOf(caught);
      lock.value = null;
      lockedBy.value = other;
      error.value = other ? null : apiErrorMessage(caught);
      schedule(RETRY_MS);
    } finally {
      isBusy.value = false;
    }
  }

  function stop(): void {
    isStopped = true;
    if (timer) clearTimeout(timer);
    if (isMine.value) void studioApi.releaseLock(toolId()).catch(() => undefined);
  }
  onBeforeUnmount(stop);

  return {
    lock,
    lockedBy,
    error,
    isBusy,
    isMine,
    start: () => acquire(false),
    takeOver: () => acquire(true),
    stop,
  };
}
