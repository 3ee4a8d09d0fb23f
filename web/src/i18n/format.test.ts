import { describe, expect, it } from 'vitest';
import { formatBytes } from './format';

describe('formatBytes', () => {
  it('writes sizes the way the server counts its limits (decimal), in the interface language', () => {
    expect(formatBytes(20_000_000, 'sv')).toBe('20 MB');
    expect(formatBytes(1_500_000_000, 'sv')).toBe('1,5 GB');
    expect(formatBytes(1_500_000_000, 'en')).toBe('1.5 GB');
  });
});
