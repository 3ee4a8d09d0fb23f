/**
 * Human-readable log lines for a person watching `npm start` in a terminal. Pino writes one JSON object per
 * line into this stream; each becomes `12:04:31 INFO  message  key=value …`, and a request's "incoming" and
 * "completed" lines become one `GET /path 200 4 ms` line. Everything else (files, journald, log shippers)
 * gets the JSON lines unchanged.
 */

import type { Config } from '../config';

export type LogFormat = Config['logFormat'];

export interface TextOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Whether to print readable lines: asked for, or `auto` and a person is watching (stdout is a terminal). */
export function isPrettyLog(format: LogFormat, output: TextOutput): boolean {
  return format === 'pretty' || (format === 'auto' && output.isTTY === true);
}

const LEVELS: Record<number, { name: string; color: string }> = {
  10: { name: 'TRACE', color: '90' },
  20: { name: 'DEBUG', color: '90' },
  30: { name: 'INFO', color: '32' },
  40: { name: 'WARN', color: '33' },
  50: { name: 'ERROR', color: '31' },
  60: { name: 'FATAL', color: '35' },
};

/** Keys shown elsewhere in the line or of no use to a reader. */
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'req', 'res', 'responseTime', 'err']);
const MAX_VALUE_CHARS = 160;
/** Requests still waiting for their "completed" line; bounded so aborted requests cannot pile up. */
const MAX_OPEN_REQUESTS = 1000;

interface LogLine {
  level?: number;
  time?: number;
  msg?: string;
  requestId?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  err?: { type?: string; message?: string; stack?: string };
  [key: string]: unknown;
}

export class PrettyLogStream {
  private readonly openRequests = new Map<string, string>();
  private readonly useColor: boolean;

  constructor(private readonly output: TextOutput) {
    this.useColor = output.isTTY === true;
  }

  write(chunk: string): boolean {
    for (const text of chunk.split('\n')) {
      if (text.trim() === '') continue;
      const formatted = this.format(text);
      if (formatted !== null) this.output.write(`${formatted}\n`);
    }
    return true;
  }

  /** One readable line (plus an indented stack for errors), or null for a line folded into a later one. */
  format(text: string): string | null {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      return text;
    }
    const message = this.message(line);
    if (message === null) return null;
    const level = LEVELS[line.level ?? 30] ?? { name: String(line.level), color: '0' };
    const levelText = level.name.padEnd(5);
    const parts = [
      clock(line.time),
      this.useColor ? `\u001b[${level.color}m${levelText}\u001b[0m` : levelText,
      message,
    ];
    const fields = Object.entries(line)
      .filter(([key, value]) => !HIDDEN.has(key) && value !== undefined)
      .map(([key, value]) => `${key}=${shorten(typeof value === 'string' ? value : JSON.stringify(value))}`);
    if (line.err?.message) fields.unshift(`error=${shorten(line.err.message)}`);
    const head = [...parts, ...fields].join('  ');
    const stack = line.err?.stack && (line.level ?? 30) >= 50 ? `\n${indent(line.err.stack)}` : '';
    return `${head}${stack}`;
  }

  private message(line: LogLine): string | null {
    const id = line.requestId;
    if (line.msg === 'incoming request' && id && line.req) {
      if (this.openRequests.size >= MAX_OPEN_REQUESTS) this.openRequests.clear();
      this.openRequests.set(id, `${line.req.method ?? ''} ${line.req.url ?? ''}`);
      return null;
    }
    if (line.msg === 'request completed' && id) {
      const request = this.openRequests.get(id) ?? 'request';
      this.openRequests.delete(id);
      const ms = line.responseTime === undefined ? '' : ` ${Math.round(line.responseTime)} ms`;
      return `${request} ${line.res?.statusCode ?? ''}${ms}`;
    }
    return line.msg ?? '';
  }
}

function clock(time: number | undefined): string {
  const date = new Date(time ?? Date.now());
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
}

function shorten(value: string): string {
  const oneLine = value.replace(/\s+/g, ' ');
  return oneLine.length > MAX_VALUE_CHARS ? `${oneLine.slice(0, MAX_VALUE_CHARS - 1)}…` : oneLine;
}

function indent(stack: string): string {
  return stack
    .split('\n')
    .map((line) => `    ${line.trim()}`)
    .join('\n');
}
