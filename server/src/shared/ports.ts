export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can move. */
export class ManualClock implements Clock {
  constructor(private current = new Date('2026-01-15T08:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Runs a function in one transaction with repositories bound to it (see db/unit-of-work.ts). */
export interface UnitOfWork<Repos> {
  run<T>(fn: (repos: Repos) => Promise<T>): Promise<T>;
}
