import { text } from '@skriptoteket/contracts';
import { AppError } from '../shared/app-error';

/**
 * How many run event streams each user holds open in this process. A stream costs a connection and a read
 * every few seconds, so one person's thousand tabs (or a script) must not slow everybody else: past the cap a
 * new stream is refused with 429, and the run page falls back to polling GET /runs/{id}.
 */
export class StreamSlots {
  private readonly open = new Map<string, number>();

  constructor(private readonly maxPerUser: number) {}

  /** Takes a slot for the user or throws 429; the returned release gives it back (once, however often called). */
  take(userId: string): () => void {
    const count = this.open.get(userId) ?? 0;
    if (count >= this.maxPerUser) {
      throw new AppError(
        'RATE_LIMITED',
        text(
          `Du följer redan ${count} körningar samtidigt. Stäng några flikar och försök igen.`,
          `You are already following ${count} runs at once. Close some tabs and try again.`,
        ),
        { limit: this.maxPerUser },
      );
    }
    this.open.set(userId, count + 1);
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      const left = (this.open.get(userId) ?? 1) - 1;
      if (left > 0) this.open.set(userId, left);
      else this.open.delete(userId);
    };
  }

  countOf(userId: string): number {
    return this.open.get(userId) ?? 0;
  }
}
