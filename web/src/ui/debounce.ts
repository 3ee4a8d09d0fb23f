/** Calls `fn` once input has been quiet for `ms`; `flush` runs a pending call now, `cancel` drops it. */
export function createDebounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: A | null = null;

  function cancel(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    pending = null;
  }

  function flush(): void {
    const args = pending;
    cancel();
    if (args) fn(...args);
  }

  function call(...args: A): void {
    if (timer !== null) clearTimeout(timer);
    pending = args;
    timer = setTimeout(flush, ms);
  }

  return { call, flush, cancel, isPending: () => timer !== null };
}
