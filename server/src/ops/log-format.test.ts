import { describe, expect, it } from 'vitest';
import { isPrettyLog, PrettyLogStream } from './log-format';

function capture(isTTY = false) {
  const lines: string[] = [];
  const stream = new PrettyLogStream({ write: (text: string) => lines.push(text), isTTY });
  return { stream, lines };
}

const at = new Date(2026, 2, 2, 9, 5, 7).getTime();
const line = (fields: Record<string, unknown>) =>
  `${JSON.stringify({ time: at, pid: 1, hostname: 'h', ...fields })}\n`;

describe('readable log lines', () => {
  it('prints time, level and message with the other fields, dropping pid and hostname', () => {
    const { stream, lines } = capture();
    stream.write(line({ level: 30, msg: 'shutting down', signal: 'SIGTERM' }));
    expect(lines).toEqual(['09:05:07  INFO   shutting down  signal=SIGTERM\n']);
  });

  it('folds a request into one line: method, path, status and time', () => {
    const { stream, lines } = capture();
    stream.write(
      line({
        level: 30,
        requestId: 'r1',
        req: { method: 'GET', url: '/api/v1/auth/me' },
        msg: 'incoming request',
      }),
    );
    stream.write(
      line({
        level: 30,
        requestId: 'r1',
        res: { statusCode: 401 },
        responseTime: 3.4,
        msg: 'request completed',
      }),
    );
    expect(lines).toEqual(['09:05:07  INFO   GET /api/v1/auth/me 401 3 ms  requestId=r1\n']);
  });

  it('shows an error with its message and, at error level, its stack', () => {
    const { stream, lines } = capture();
    stream.write(
      line({
        level: 50,
        msg: 'operator command failed',
        command: 'db:migrate',
        err: { message: 'disk full', stack: 'Error: disk full\n    at migrate (x.ts:1)' },
      }),
    );
    expect(lines[0]).toBe(
      '09:05:07  ERROR  operator command failed  error=disk full  command=db:migrate\n    Error: disk full\n    at migrate (x.ts:1)\n',
    );
  });

  it('colours only the level, and only on a terminal', () => {
    const { stream, lines } = capture(true);
    stream.write(line({ level: 40, msg: 'careful' }));
    expect(lines[0]).toBe('09:05:07  \u001b[33mWARN \u001b[0m  careful\n');
  });

  it('passes through anything that is not a JSON line', () => {
    const { stream, lines } = capture();
    stream.write('plain text\n');
    expect(lines).toEqual(['plain text\n']);
  });
});

describe('the log format choice', () => {
  it('is readable on a terminal and JSON otherwise, unless chosen', () => {
    expect(isPrettyLog('auto', { write: () => true, isTTY: true })).toBe(true);
    expect(isPrettyLog('auto', { write: () => true })).toBe(false);
    expect(isPrettyLog('json', { write: () => true, isTTY: true })).toBe(false);
    expect(isPrettyLog('pretty', { write: () => true })).toBe(true);
  });
});
