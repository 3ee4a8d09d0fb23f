import { readonly, shallowReactive } from 'vue';

export type ToastKind = 'info' | 'success' | 'warning' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

export interface ToastOptions {
  kind?: ToastKind;
  /** Milliseconds before it disappears; errors ignore this and stay until dismissed. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 6000;

/** A list of toasts with timers. One instance backs the app; tests may create their own. */
export function createToastQueue() {
  const toasts = shallowReactive<Toast[]>([]);
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  let nextId = 1;

  function dismiss(id: number): void {
    const index = toasts.findIndex((toast) => toast.id === id);
    if (index !== -1) toasts.splice(index, 1);
    clearTimeout(timers.get(id));
    timers.delete(id);
  }

  function show(message: string, options: ToastOptions = {}): number {
    const kind = options.kind ?? 'info';
    const id = nextId++;
    toasts.push({ id, kind, message });
    if (kind !== 'error') {
      timers.set(
        id,
        setTimeout(() => dismiss(id), options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      );
    }
    return id;
  }

  function clear(): void {
    for (const toast of [...toasts]) dismiss(toast.id);
  }

  return { toasts: readonly(toasts), show, dismiss, clear };
}

export type ToastQueue = ReturnType<typeof createToastQueue>;

const appToasts = createToastQueue();

/** Show short outcome messages ("Sparat") from anywhere; rendered by <ToastHost>. */
export function useToasts(): ToastQueue {
  return appToasts;
}
