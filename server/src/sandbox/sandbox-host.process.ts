/**
 * The sandbox host: a small child process of a server or worker that starts and runs every sandbox (the pool and
 * cold starts). Node starts a process by fork(), which copies the parent's page tables on the parent's event loop:
 * from a server holding an embedded database that blocks every request for tens of milliseconds per sandbox. Here
 * the fork costs little and blocks nobody. It ends with its parent (the IPC channel closes), and every sandbox ends
 * with it (bubblewrap's --die-with-parent).
 */
import { BubblewrapSandbox } from './bubblewrap.sandbox';
import { PooledSandbox } from './sandbox-pool';
import type { FromHost, HostInit, PoolEvent, ToHost } from './sandbox-host.protocol';
import { toWireError } from './sandbox-host.protocol';
import type { Logger } from '../shared/ports';

const send = (message: FromHost) => {
  if (process.connected) process.send!(message);
};

/** Log lines go to the server's logger, with errors made plain. */
function forwardingLogger(bindings: Record<string, unknown>): Logger {
  const line =
    (level: 'debug' | 'info' | 'warn' | 'error') => (fields: Record<string, unknown>, msg: string) => {
      const plain: Record<string, unknown> = { ...bindings };
      for (const [key, value] of Object.entries(fields))
        plain[key] = value instanceof Error ? toWireError(value) : value;
      send({ type: 'log', level, fields: plain, msg });
    };
  return {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    fatal: line('error'),
    child: (more) => forwardingLogger({ ...bindings, ...more }),
  };
}

const poolEvent = (event: PoolEvent, value = 1) => send({ type: 'pool', event, value });

let pool: PooledSandbox | null = null;
const runs = new Map<number, AbortController>();
let isClosing = false;

function start(options: HostInit): PooledSandbox {
  const log = forwardingLogger({ component: 'sandbox-pool' });
  const sandbox = new BubblewrapSandbox(options.sandbox);
  // Before the first sandbox starts (a fraction of a second): each then reads the compiled harness.
  try {
    if (sandbox.compileRunner() === 'read-only')
      log.info({}, "the runner's folder is read-only: each sandbox compiles the harness (a few ms of CPU)");
  } catch (error) {
    send({ type: 'failure', job: 'runner-bytecode', error: toWireError(error) });
  }
  // Sandboxes started before the answer keep the site module: correct, only a little slower to start.
  sandbox
    .probeSitePath()
    .catch((error: unknown) => send({ type: 'failure', job: 'site-probe', error: toWireError(error) }));
  const started = Date.now();
  sandbox
    .prepareFontCache()
    .then(async (state) => {
      if (state !== 'built') return;
      log.info({ ms: Date.now() - started }, "built matplotlib's font cache for this runtime");
      await pool?.drainIdle(); // the waiting sandboxes started without it
    })
    .catch((error: unknown) => send({ type: 'failure', job: 'font-cache', error: toWireError(error) }));
  return new PooledSandbox(sandbox, {
    ...options.pool,
    log,
    observer: {
      hit: () => poolEvent('hit'),
      miss: () => poolEvent('miss'),
      refilled: (seconds) => poolEvent('refilled', seconds),
      refillFailed: () => poolEvent('refillFailed'),
      idle: (count) => poolEvent('idle', count),
    },
  });
}

async function close(): Promise<never> {
  if (!isClosing) {
    isClosing = true;
    for (const abort of runs.values()) abort.abort();
    await pool?.close().catch(() => undefined);
  }
  process.exit(0);
}

function answer(id: number, work: () => Promise<void>): void {
  work().then(
    () => send({ type: 'done', id }),
    (error: unknown) => send({ type: 'failed', id, error: toWireError(error) }),
  );
}

process.on('message', (message: ToHost) => {
  switch (message.type) {
    case 'init':
      pool = start(message.options);
      return;
    case 'run': {
      const abort = new AbortController();
      runs.set(message.id, abort);
      pool!
        .run({ ...message.job, signal: abort.signal })
        .then(
          (result) => send({ type: 'result', id: message.id, result }),
          (error: unknown) => send({ type: 'failed', id: message.id, error: toWireError(error) }),
        )
        .finally(() => runs.delete(message.id));
      return;
    }
    case 'cancel':
      runs.get(message.id)?.abort();
      return;
    case 'selfCheck':
      answer(message.id, () => pool!.selfCheck());
      return;
    case 'warm':
      pool!.warm(message.limits);
      return;
    case 'drain':
      answer(message.id, () => pool!.drainIdle());
      return;
    case 'close':
      void close();
  }
});

// The server is gone (exited or killed): nothing may keep running for it.
process.on('disconnect', () => void close());
