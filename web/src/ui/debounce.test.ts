import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDebounce } from './debounce';

afterEach(() => vi.useRealTimers());

describe('createDebounce', () => {
  it('calls once with the last arguments after the input has been quiet', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const debounced = createDebounce(fn, 250);

    debounced.call('g');
    vi.advanceTimersByTime(200);
    debounced.call('gr');
    vi.advanceTimersByTime(200);
    expect(fn).not.toHaveBeenCalled();
    expect(debounced.isPending()).toBe(true);

    vi.advanceTimersByTime(50);
    expect(fn).toHaveBeenCalledExactlyOnceWith('gr');
    expect(debounced.isPending()).toBe(false);
  });

  it('runs a pending call at once on flush and drops it on cancel', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const debounced = createDebounce(fn, 250);

    debounced.call('a');
    debounced.flush();
    expect(fn).toHaveBeenCalledExactlyOnceWith('a');

    debounced.call('b');
    debounced.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledOnce();
    debounced.flush();
    expect(fn).toHaveBeenCalledOnce();
  });
});
