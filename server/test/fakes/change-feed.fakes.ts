import type { ChangeFeed } from '../../src/shared/change-feed';

/** A change feed the test drives: `notify` delivers a trigger's payload, `resyncAll` a lost connection's resync. */
export class FakeChangeFeed implements ChangeFeed {
  isLive = true;
  starts = 0;
  readonly handlers = new Map<string, ((payload: string) => void)[]>();
  readonly resync: (() => void)[] = [];
  on(channel: string, handler: (payload: string) => void) {
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
  }
  onResync(handler: () => void) {
    this.resync.push(handler);
  }
  notify(channel: string, payload: string) {
    for (const handler of this.handlers.get(channel) ?? []) handler(payload);
  }
  resyncAll() {
    for (const handler of this.resync) handler();
  }
  async start() {
    this.starts++;
  }
  async stop() {}
}
