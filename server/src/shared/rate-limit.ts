/**
 * Fixed-window counters shared by every process (held in the database): `hit` counts one request for the key in
 * the window that contains `now` and returns the count including it.
 */
export interface RateCounter {
  hit(key: string, windowMs: number, now: Date): Promise<{ count: number; resetAt: Date }>;
}

export interface RateRule {
  max: number;
  windowMs: number;
}

/** The window that contains `now`: windows are aligned to the epoch, so every process agrees on them. */
export function windowOf(now: Date, windowMs: number): { start: Date; end: Date } {
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  return { start: new Date(start), end: new Date(start + windowMs) };
}
