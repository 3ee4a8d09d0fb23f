import type { RunView } from '@skriptoteket/contracts';
import { parseApiJson } from '../../api/client';
import { isTerminalRunStatus } from '../../api/contract-values';
import { runsApi } from './runs-api';

export interface FollowOptions {
  /** Defaults to the browser's; absent (old browsers, some proxies) means polling from the start. */
  EventSource?: typeof EventSource | undefined;
  get?: (runId: string) => Promise<RunView>;
  eventsUrl?: (runId: string) => string;
  pollMs?: number;
}

/**
 * Delivers the run after every status change until it is over: from the server-sent events stream, and if the
 * stream fails (a proxy that buffers or cuts it, a network switch), by polling GET /runs/{id} instead. A failed
 * poll is retried on the next tick. Returns `stop`.
 */
export function followRun(
  runId: string,
  onRun: (run: RunView) => void,
  options: FollowOptions = {},
): () => void {
  const Source = 'EventSource' in options ? options.EventSource : globalThis.EventSource;
  const get = options.get ?? runsApi.get;
  const pollMs = options.pollMs ?? 1500;
  let isStopped = false;
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function stop(): void {
    isStopped = true;
    source?.close();
    source = null;
    clearTimeout(timer);
  }

  function deliver(run: RunView): void {
    if (isStopped) return;
    onRun(run);
    if (isTerminalRunStatus(run.status)) stop();
  }

  async function poll(): Promise<void> {
    try {
      deliver(await get(runId));
    } catch {
      // The next tick tries again; the page keeps showing the last known status meanwhile.
    }
    if (!isStopped) timer = setTimeout(() => void poll(), pollMs);
  }

  if (Source) {
    source = new Source((options.eventsUrl ?? runsApi.eventsUrl)(runId));
    source.addEventListener('run', (event) => {
      try {
        deliver(parseApiJson((event as MessageEvent<string>).data) as RunView);
      } catch {
        // A garbled event: the next one, or the poll after a failure, brings the state.
      }
    });
    source.addEventListener('error', () => {
      if (isStopped) return;
      source?.close();
      source = null;
      void poll();
    });
  } else {
    void poll();
  }
  return stop;
}
