import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { composeRuntime, databaseOptionsFrom } from '../compose';
import { openDatabase } from '../db/client';
import { checkOperatorCommand, runOperatorCommand } from './commands';
import { callRunningServer } from './control-channel';
import { describeFailure } from './failure';
import { USAGE, UsageError, type Options } from './usage';
import { runWorker } from './worker.command';

/** A failure the running server reported; it is printed like a local one. */
class RemoteFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
    readonly isUsageError: boolean,
  ) {
    super(message);
  }
}

async function run(command: string | undefined, options: Options): Promise<string> {
  if (!command || command === 'help') return USAGE;
  if (command === 'worker') return runWorker(options);
  checkOperatorCommand(command, options);
  const config = loadConfig();
  // The embedded database belongs to the server while it runs: the command goes through it.
  if (!config.databaseUrl) {
    const reply = await callRunningServer(config.dataDir, command, options);
    if (reply?.ok) return reply.output;
    if (reply) throw new RemoteFailure(reply.error, reply.exitCode, reply.isUsageError);
  }
  const database = await openDatabase(databaseOptionsFrom(config), `npm run cli -- ${command}`);
  try {
    await database.migrate();
    const { users } = composeRuntime(config, database).services;
    return await runOperatorCommand({ database, users }, command, options);
  } finally {
    await database.close();
  }
}

function parse(argv: string[]): { command: string | undefined; options: Options } {
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        email: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        password: { type: 'string' },
        concurrency: { type: 'string' },
        count: { type: 'string' },
      },
    });
    return { command: positionals[0], options: values };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function report(error: unknown): void {
  const failure =
    error instanceof RemoteFailure
      ? { error: error.message, exitCode: error.exitCode, isUsageError: error.isUsageError }
      : describeFailure(error);
  const detail =
    'isUnexpected' in failure && failure.isUnexpected && error instanceof Error ? error.stack : '';
  process.stderr.write(
    `${failure.error}\n${failure.isUsageError ? `\n${USAGE}` : ''}${detail ? `\n${detail}\n` : ''}`,
  );
  process.exitCode = failure.exitCode;
}

Promise.resolve()
  .then(() => {
    const { command, options } = parse(process.argv.slice(2));
    return run(command, options);
  })
  .then((message) => process.stdout.write(`${message}\n`), report);
