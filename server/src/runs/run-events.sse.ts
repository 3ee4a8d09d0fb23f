import type { RunView } from '@skriptoteket/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { stringifyJsonExact } from '@skriptoteket/contracts/json-exact';
import type { RunEvent, RunEvents } from './runs.ports';

const TERMINAL = new Set(['succeeded', 'failed', 'timed_out', 'cancelled']);
const KEEPALIVE_MS = 15_000;
/** A slow re-read as well, so a missed notification (database restart, another process) only delays. */
const POLL_MS = 2_000;

/**
 * Server-sent events for one run: the run as it is now, then the run again after every status change, ending
 * after the terminal state. Subscribes before the first read so no change between the two is missed. The first
 * read happens before the response starts: a run the user may not see is an ordinary error answer (404), and so
 * is a refusal by `admit` (429).
 */
export async function streamRunEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  options: {
    runId: string;
    events: RunEvents;
    load: () => Promise<RunView>;
    /** The first read, when it may come from memory (default `load`); the poll always uses `load`. */
    loadFirst?: () => Promise<RunView>;
    /** The run as an event carries it (a final state stored in this process), or null to read it with `load`. */
    fromEvent?: (event: RunEvent) => Promise<RunView | null>;
    /** Called once the run may be streamed, before the response starts; throws to refuse. */
    admit?: () => void;
    /** Called once the terminal state has been written. */
    onFinal?: () => void;
  },
): Promise<FastifyReply> {
  const early: RunEvent[] = [];
  let onEvent: (event: RunEvent) => void = (event) => {
    early.push(event);
  };
  const unsubscribe = options.events.subscribe(options.runId, (event) => onEvent(event));
  let first: RunView;
  try {
    first = await (options.loadFirst ?? options.load)();
    options.admit?.();
  } catch (error) {
    unsubscribe();
    throw error;
  }
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  });
  let closed = false;
  let lastStatus = '';
  let sending = Promise.resolve();
  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(keepalive);
    clearInterval(poll);
    raw.end();
  };
  const write = (run: RunView) => {
    if (run.status !== lastStatus) {
      lastStatus = run.status;
      raw.write(`event: run\ndata: ${stringifyJsonExact(run)}\n\n`);
    }
    if (TERMINAL.has(run.status)) {
      close();
      options.onFinal?.();
    }
  };
  const send = (event?: RunEvent) => {
    sending = sending
      .then(async () => {
        if (closed) return;
        const carried = event && options.fromEvent ? await options.fromEvent(event) : null;
        write(carried ?? (await options.load()));
      })
      .catch((error: unknown) => {
        // The browser's EventSource reconnects; the run is read again then.
        request.log.warn(
          { err: error, runId: options.runId },
          'run event stream closed: the run could not be read',
        );
        close();
      });
  };
  const keepalive = setInterval(() => raw.write(': keepalive\n\n'), KEEPALIVE_MS);
  const poll = setInterval(() => send(), POLL_MS);
  request.raw.on('close', close);
  write(first);
  onEvent = send;
  for (const event of early.splice(0)) send(event);
  await sending;
  return reply;
}
