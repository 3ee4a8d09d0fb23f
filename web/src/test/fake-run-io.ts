import { vi } from 'vitest';
import type { createFakeServer } from './fake-server';

type Server = Pick<ReturnType<typeof createFakeServer>, 'fetch'>;
type Listener = (event: Event) => void;

/**
 * A stand-in for the browser's XMLHttpRequest that hands the request to the fake server's fetch and reports
 * upload progress in two steps (half, then all) before the answer, as a browser does for a multipart body.
 * Install with `installFakeXhr(server)`; `vi.unstubAllGlobals()` removes it.
 */
export function installFakeXhr(server: Server): void {
  class FakeXhr {
    status = 0;
    responseText = '';
    readonly upload = new Emitter();
    private readonly events = new Emitter();
    private method = 'GET';
    private url = '';
    private readonly headers: Record<string, string> = {};
    private responseHeaders = new Headers();

    open(method: string, url: string): void {
      this.method = method;
      this.url = url;
    }
    setRequestHeader(name: string, value: string): void {
      this.headers[name] = value;
    }
    getResponseHeader(name: string): string | null {
      return this.responseHeaders.get(name);
    }
    addEventListener(type: string, listener: Listener): void {
      this.events.addEventListener(type, listener);
    }
    send(body: FormData): void {
      void (async () => {
        this.upload.emit('progress', progressEvent(50, 100));
        this.upload.emit('progress', progressEvent(100, 100));
        try {
          const response = await server.fetch(this.url, { method: this.method, headers: this.headers, body });
          this.status = response.status;
          this.responseText = await response.text();
          this.responseHeaders = response.headers;
          this.events.emit('load', new Event('load'));
        } catch {
          this.events.emit('error', new Event('error'));
        }
      })();
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
}

function progressEvent(loaded: number, total: number): Event {
  return Object.assign(new Event('progress'), { loaded, total, lengthComputable: true });
}

class Emitter {
  private readonly listeners = new Map<string, Listener[]>();
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, event: Event): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

/** The EventSource streams a test opened; a test sends `run` events or a failure through them. */
export interface FakeStream {
  url: string;
  isClosed: boolean;
  sendRun(run: unknown): void;
  fail(): void;
}

export function installFakeEventSource(): FakeStream[] {
  const streams: FakeStream[] = [];
  class FakeEventSource extends Emitter {
    private readonly stream: FakeStream;
    constructor(readonly url: string) {
      super();
      const stream: FakeStream = {
        url,
        isClosed: false,
        sendRun: (run) => {
          if (!stream.isClosed) this.emit('run', new MessageEvent('run', { data: JSON.stringify(run) }));
        },
        fail: () => {
          if (!stream.isClosed) this.emit('error', new Event('error'));
        },
      };
      this.stream = stream;
      streams.push(stream);
    }
    close(): void {
      this.stream.isClosed = true;
    }
  }
  vi.stubGlobal('EventSource', FakeEventSource);
  return streams;
}
