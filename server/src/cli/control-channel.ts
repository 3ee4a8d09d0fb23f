import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { newToken, safeEqual } from '../shared/tokens';
import { describeFailure, type CommandFailure } from './failure';
import type { Options } from './usage';

/**
 * The local channel between `npm run cli` and a server running on the embedded database, which only that
 * server may open. A Unix socket in a directory only the server's user can enter, plus a random token per
 * start in a 0600 file: a caller must be able to read the server's files, as the CLI on the same account can.
 * One JSON line in (`{token, command, options}`), one JSON line out.
 */

export type ControlReply =
  { ok: true; output: string } | { ok: false; failure: Omit<CommandFailure, 'isUnexpected'> };

const requestSchema = z.object({
  token: z.string(),
  command: z.string(),
  options: z.record(z.string(), z.string().optional()),
});

const replySchema = z.union([
  z.object({ ok: z.literal(true), output: z.string() }),
  z.object({
    ok: z.literal(false),
    failure: z.object({
      error: z.string(),
      exitCode: z.union([z.literal(1), z.literal(2)]),
      isUsageError: z.boolean(),
    }),
  }),
]);

const serverInfoSchema = z.object({ pid: z.number(), socket: z.string(), token: z.string() });

const MAX_REQUEST_BYTES = 64 * 1024;
const REQUEST_TIMEOUT_MS = 10_000;
/** Linux allows 108 bytes for a socket path, including the terminating NUL. */
const MAX_SOCKET_PATH = 100;

export function controlDir(dataDir: string): string {
  return path.join(dataDir, 'control');
}

const infoFile = (dataDir: string) => path.join(controlDir(dataDir), 'server.json');

export interface ControlServer {
  /** Null when the data directory's path is too long for a socket; the CLI then cannot reach the server. */
  readonly socket: string | null;
  close(): Promise<void>;
}

type Execute = (command: string, options: Options) => Promise<string>;

/**
 * Listens for operator commands; `execute` runs one and returns its output or throws. Failures nobody caused
 * (not a usage or domain error) also go to `onUnexpected`, for the server's log.
 */
export async function startControlServer(
  dataDir: string,
  execute: Execute,
  onUnexpected: (error: unknown, command: string) => void,
): Promise<ControlServer> {
  const dir = controlDir(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const socket = path.join(dir, 'cli.sock');
  if (socket.length > MAX_SOCKET_PATH) return { socket: null, close: async () => undefined };
  fs.rmSync(socket, { force: true });
  const token = newToken();

  const server = net.createServer((connection) => {
    connection.on('error', () => undefined);
    connection.setTimeout(REQUEST_TIMEOUT_MS, () => connection.destroy());
    void readLine(connection, MAX_REQUEST_BYTES)
      .then(async (line) => {
        connection.setTimeout(0);
        const reply = await answer(line, token, execute, onUnexpected);
        connection.end(`${JSON.stringify(reply)}\n`);
      })
      .catch(() => connection.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => undefined);
  fs.chmodSync(socket, 0o600);
  const info = `${JSON.stringify({ pid: process.pid, socket, token })}\n`;
  fs.rmSync(infoFile(dataDir), { force: true });
  fs.writeFileSync(infoFile(dataDir), info, { mode: 0o600, flag: 'wx' });

  return {
    socket,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Only our own file: a newer server on the same directory may have replaced it.
      const current = fs.existsSync(infoFile(dataDir)) ? fs.readFileSync(infoFile(dataDir), 'utf8') : null;
      if (current === info) fs.rmSync(infoFile(dataDir), { force: true });
    },
  };
}

async function answer(
  line: string,
  token: string,
  execute: Execute,
  onUnexpected: (error: unknown, command: string) => void,
): Promise<ControlReply> {
  let request: z.infer<typeof requestSchema>;
  try {
    request = requestSchema.parse(JSON.parse(line));
  } catch {
    return refused('Malformed request.');
  }
  if (!safeEqual(request.token, token)) {
    return refused('Wrong token: not allowed.');
  }
  try {
    return { ok: true, output: await execute(request.command, request.options) };
  } catch (error) {
    const { isUnexpected, ...failure } = describeFailure(error);
    if (isUnexpected) onUnexpected(error, request.command);
    return { ok: false, failure };
  }
}

const refused = (error: string): ControlReply => ({
  ok: false,
  failure: { error, exitCode: 1, isUsageError: false },
});

/**
 * Sends one command to the server running on this data directory. Null when none is reachable (none runs, a
 * crashed one left its files, or this user cannot read them): the caller then opens the database itself.
 */
export async function callRunningServer(
  dataDir: string,
  command: string,
  options: Options,
): Promise<ControlReply | null> {
  let info: z.infer<typeof serverInfoSchema>;
  try {
    info = serverInfoSchema.parse(JSON.parse(fs.readFileSync(infoFile(dataDir), 'utf8')));
  } catch {
    return null;
  }
  const connection = net.createConnection(info.socket);
  const connected = await new Promise<boolean>((resolve) => {
    connection.once('connect', () => resolve(true));
    connection.once('error', () => resolve(false));
  });
  if (!connected) {
    connection.destroy();
    return null;
  }
  connection.on('error', () => undefined);
  connection.write(`${JSON.stringify({ token: info.token, command, options })}\n`);
  const line = await readLine(connection, Infinity).catch(() => '');
  connection.destroy();
  const parsed = replySchema.safeParse(safeJson(line));
  if (!parsed.success) {
    throw new Error(`The running server (pid ${info.pid}) did not answer the command; see its log.`);
  }
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The first line of the stream (or all of it, if it ends without a newline). */
function readLine(stream: net.Socket, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const newline = buffered.indexOf('\n');
      if (newline >= 0) finish(buffered.slice(0, newline));
      else if (buffered.length > maxBytes) fail(new Error('request too large'));
    };
    const onEnd = () => finish(buffered);
    const onClose = () => fail(new Error('closed before a full line'));
    const cleanup = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onClose);
    };
    const finish = (line: string) => {
      cleanup();
      resolve(line);
    };
    const fail = (error: Error) => {
      cleanup();
      reject(error);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('close', onClose);
  });
}
