import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createToastQueue } from './useToasts';

describe('toast queue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('removes a non-error toast after its timeout', () => {
    const queue = createToastQueue();
    queue.show('Sparat', { kind: 'success', timeoutMs: 1000 });

    vi.advanceTimersByTime(999);
    expect(queue.toasts.map((t) => t.message)).toEqual(['Sparat']);
    vi.advanceTimersByTime(1);
    expect(queue.toasts).toHaveLength(0);
  });

  it('keeps an error until it is dismissed', () => {
    const queue = createToastQueue();
    const id = queue.show('Det gick inte', { kind: 'error', timeoutMs: 10 });

    vi.advanceTimersByTime(60_000);
    expect(queue.toasts).toHaveLength(1);
    queue.dismiss(id);
    expect(queue.toasts).toHaveLength(0);
  });
});
