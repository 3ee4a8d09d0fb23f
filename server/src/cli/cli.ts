import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { composeRuntime, databaseOptionsFrom } from '../compose';
import { openDatabase } from '../db/client';
import { checkOperatorCommand, runOperatorCommand } from './commands';
import { callRunningServer } from './control-channel';
import { describeFailure, ReportedFailure } from './failure';
import { USAGE, UsageError, type Options } from './usage';
import { runWorker } from './worker.command';

async function run(command: string | undefined, options: Options): Promise<string> {
  if (!command || command === 'help') return USAGE;
  if (command === 'worker') return runWorker(options);
  checkOperatorCommand(command, options);
  const config = loadConfig();
  // The embedded database belongs to the server while it runs: the command goes through it.
  if (!config.databaseUrl) {
    const reply = await callRunningServer(config.dataDir, command, options);
    if (reply?.ok) return reply.output;
    if (reply) throw new ReportedFailure(reply.failure);
  }
  const database = await openDatabase(databaseOptionsFrom(config), `npm run cli -- ${command}`);
  try {
    await database.migrate();
    const { users, transfer, bankSeeder } = composeRuntime(config, database).services;
    return await runOperatorCommand({ database, users, transfer, bankSeeder }, command, options);
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
        slug: { type: 'string' },
        file: { type: 'string' },
      },
    });
    const [command, ...rest] = positionals;
    const options: Options = { ...values };
    // tool:export <slug> [file], tool:import <file>
    if (command === 'tool:export') {
      options['slug'] ??= rest[0];
      options['file'] ??= rest[1];
    }
    if (command === 'tool:import') options['file'] ??= rest[0];
    // `npm run` starts in the package's folder; a file is named relative to where the operator typed it.
    if (options['file'])
      options['file'] = path.resolve(process.env['INIT_CWD'] ?? process.cwd(), options['file']);
    return { command, options };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Message on stderr (with the usage text for usage mistakes, a stack for the unexpected), exit code 2 or 1. */
function report(error: unknown): void {
  const { error: message, exitCode, isUsageError, isUnexpected } = describeFailure(error);
  const stack = isUnexpected && error instanceof Error ? `\n${error.stack}\n` : '';
  process.stderr.write(`${message}\n${isUsageError ? `\n${USAGE}` : ''}${stack}`);
  process.exitCode = exitCode;
}

Promise.resolve()
  .then(() => {
    const { command, options } = parse(process.argv.slice(2));
    return run(command, options);
  })
  .then((message) => process.stdout.write(`${message}\n`), report);
