import net from 'node:net';
import { enableAutoUnmount } from '@vue/test-utils';
import { afterAll, afterEach } from 'vitest';

// Every component a test mounted is unmounted after it, as leaving the page would: its timers and streams stop
// (a run followed by polling, a debounced search) instead of firing after the test.
enableAutoUnmount(afterEach);

// A component test talks to a fake server. A request that got past it (an XMLHttpRequest or happy-dom's own fetch,
// a form submitted by default) would go to http://localhost:3000, fail there, and leave the test passing for the
// wrong reason: it fails the test instead.
const reached: string[] = [];
const connect = Reflect.get(net.Socket.prototype, 'connect') as (
  this: net.Socket,
  ...args: unknown[]
) => net.Socket;
net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  // Node passes the options alone, or (from an HTTP agent) normalized as [options, callback].
  const first: unknown = Array.isArray(args[0]) ? args[0][0] : args[0];
  const target = first as { href?: string; host?: string; port?: number } | number | undefined;
  reached.push(
    typeof target === 'object' && target !== null
      ? (target.href ?? `${target.host ?? ''}:${target.port ?? ''}`)
      : String(target),
  );
  return connect.apply(this, args);
};

function assertNoNetwork(): void {
  if (reached.length === 0) return;
  const targets = reached.splice(0);
  throw new Error(`a web test reached the network instead of its fake server: ${targets.join(', ')}`);
}
afterEach(assertNoNetwork);
afterAll(assertNoNetwork);
