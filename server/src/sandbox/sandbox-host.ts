import { fork, type ChildProcess } from 'node:child_process';
import type { Logger } from '../shared/ports';
import { hostEntry } from './host-entry';
import type { PoolObserver } from './sandbox-pool';
import {
  fromWireError,
  type FromHost,
  type HostInit,
  type ToHost,
  type WireError,
} from './sandbox-host.protocol';
import type { Sandbox, SandboxJob, SandboxLimits, SandboxResult } from './sandbox.ports';

export interface SandboxHostOptions extends HostInit {
  log: Logger;
  observer?: PoolObserver;
  /** Counts a host that ended while the server still needed it (it is started again at the next request). */
  onHostFailure?: (error: Error) => void;
  /** Counts background work of the host that failed (building the font cache). */
  onBackgroundFailure?: (job: string, error: Error) => void;
}

/** How long the host gets to stop its sandboxes at shutdown before it is killed. */
const CLOSE_GRACE_MS = 15_000;

interface Pending {
  resolve: (value: SandboxResult | undefined) => void;
  reject: (error: Error) => void;
}

/**
 * The Sandbox port in the server, served by a small child process (sandbox-host.process.ts) that owns the pool
 * and starts every sandbox, so starting one never blocks this process's event loop. Started on first use; a host
 * that dies fails the runs it had (a platform error) and is started again for the next.
 */
export class SandboxHost implements Sandbox {
  private child: ChildProcess | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly warmed = new Map<string, SandboxLimits>();
  private isClosed = false;

  constructor(private readonly options: SandboxHostOptions) {}

  async run(job: SandboxJob): Promise<SandboxResult> {
    const { id, answer } = this.request();
    const onAbort = () => this.send({ type: 'cancel', id });
    job.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      this.send({ type: 'run', id, job: { runDir: job.runDir, env: job.env, limits: job.limits } });
      if (job.signal?.aborted) onAbort();
      return (await answer)!;
    } finally {
      job.signal?.removeEventListener('abort', onAbort);
    }
  }

  async selfCheck(): Promise<void> {
    const { id, answer } = this.request();
    this.send({ type: 'selfCheck', id });
    await answer;
  }

  /** Starts waiting sandboxes for runs with these limits; remembered, so a restarted host warms them too. */
  warm(limits: SandboxLimits): void {
    this.warmed.set(JSON.stringify(limits), limits);
    this.send({ type: 'warm', limits });
  }

  /** Stops the sandboxes waiting now (replacements start). */
  async drainIdle(): Promise<void> {
    const { id, answer } = this.request();
    this.send({ type: 'drain', id });
    await answer;
  }

  /** Stops the host and every sandbox it has; runs still in flight end as platform errors. */
  async close(): Promise<void> {
    this.isClosed = true;
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLOSE_GRACE_MS);
    if (child.connected) child.send({ type: 'close' } satisfies ToHost);
    else child.kill('SIGTERM');
    await exited;
    clearTimeout(timer);
  }

  /** The host's pid while it runs (tests). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  private request(): { id: number; answer: Promise<SandboxResult | undefined> } {
    const id = this.nextId++;
    const answer = new Promise<SandboxResult | undefined>((resolve, reject) =>
      this.pending.set(id, { resolve, reject }),
    );
    return { id, answer };
  }

  private send(message: ToHost): void {
    if (this.isClosed) {
      if ('id' in message) this.settle(message.id, { message: 'the sandbox host has stopped' });
      return;
    }
    const child = this.child ?? this.startHost();
    child.send(message, (error) => {
      if (error && 'id' in message) this.settle(message.id, { message: `sandbox host: ${error.message}` });
    });
  }

  private startHost(): ChildProcess {
    const entry = hostEntry(import.meta.url);
    const child = fork(entry.file, [], {
      execArgv: entry.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    this.child = child;
    child.on('message', (message: FromHost) => this.receive(message));
    child.on('error', (error) => this.options.log.warn({ err: error }, 'sandbox host channel error'));
    child.once('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      if (this.pending.size === 0 && this.isClosed) return;
      const error = new Error(`the sandbox host ended (code ${code}, signal ${signal})`);
      if (!this.isClosed) {
        if (this.options.onHostFailure) this.options.onHostFailure(error);
        else this.options.log.error({ err: error }, 'the sandbox host ended');
        this.options.log.warn(
          { runs: this.pending.size },
          'runs in the ended sandbox host failed; it starts again',
        );
      }
      for (const id of [...this.pending.keys()]) this.settle(id, { message: error.message });
    });
    child.send({
      type: 'init',
      options: { sandbox: this.options.sandbox, pool: this.options.pool },
    } satisfies ToHost);
    for (const limits of this.warmed.values()) child.send({ type: 'warm', limits } satisfies ToHost);
    return child;
  }

  private receive(message: FromHost): void {
    switch (message.type) {
      case 'result':
        return this.settle(message.id, null, message.result);
      case 'done':
        return this.settle(message.id, null);
      case 'failed':
        return this.settle(message.id, message.error);
      case 'log':
        return this.options.log[message.level](message.fields, message.msg);
      case 'failure': {
        const error = fromWireError(message.error);
        if (this.options.onBackgroundFailure) return this.options.onBackgroundFailure(message.job, error);
        return this.options.log.error({ err: error, job: message.job }, 'sandbox host work failed');
      }
      case 'pool': {
        const observer = this.options.observer;
        if (!observer) return;
        if (message.event === 'refilled' || message.event === 'idle') observer[message.event](message.value);
        else observer[message.event]();
      }
    }
  }

  private settle(id: number, error: WireError | null, result?: SandboxResult): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    if (error) pending.reject(fromWireError(error));
    else pending.resolve(result);
  }
}
