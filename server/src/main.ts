import type { FastifyInstance } from 'fastify';
import { operatorActor, runOperatorCommand } from './cli/commands';
import { startControlServer, type ControlServer } from './cli/control-channel';
import { ConfigError, loadConfig, type Config } from './config';
import { composeRuntime, databaseOptionsFrom, type Runtime } from './compose';
import { composeApp } from './compose-app';
import { openDatabase, type Database } from './db/client';
import { DataDirLockedError } from './db/data-dir-lock';
import { installProcessGuards } from './ops/process-guards';

type FirstAdmin = { email: string; password: string | null };

/** Created at this start and not yet shown: shown even if the start fails later, since it is shown only once. */
let unannouncedAdmin: FirstAdmin | null = null;

/** Printed last at start, so it is the one thing on screen a person needs to act on. */
function firstAdminBanner({ email, password }: FirstAdmin): string {
  const rule = `  ${'─'.repeat(72)}`;
  const lines = password
    ? [
        `    Password:  ${password}`,
        '',
        '  This password is shown only this once: note it now. Sign in, then change it with',
        `    npm run cli -- user:set-password --email ${email} --password '<a new password>'`,
      ]
    : ['    Password:  the one set in SKRIPTOTEKET_ADMIN_PASSWORD'];
  return [
    '',
    rule,
    '  First administrator account created',
    `    E-mail:    ${email}`,
    ...lines,
    rule,
    '',
  ].join('\n');
}

/** Lets `npm run cli` work beside this server: the embedded database is this process's alone. */
async function openControlChannel(
  config: Config,
  database: Database,
  runtime: Runtime,
  app: FastifyInstance,
): Promise<ControlServer | null> {
  if (database.kind !== 'pglite') return null;
  const { users, transfer, bankSeeder } = runtime.services;
  const context = { database, users, transfer, bankSeeder };
  try {
    const control = await startControlServer(
      config.dataDir,
      async (command, options) => {
        app.log.info({ command }, 'operator command');
        return runOperatorCommand(context, command, options);
      },
      (error, command) => app.log.error({ err: error, command }, 'operator command failed'),
    );
    if (!control.socket) {
      app.log.warn(
        'the data directory path is too long for a socket: `npm run cli` cannot reach this server',
      );
    }
    return control;
  } catch (error) {
    app.log.warn({ err: error }, '`npm run cli` cannot reach this server');
    return null;
  }
}

async function main(config: Config): Promise<void> {
  const database = await openDatabase(databaseOptionsFrom(config), 'the Skriptoteket server');
  await database.migrate();
  const runtime = composeRuntime(config, database);
  installProcessGuards(runtime.log, runtime.background);
  unannouncedAdmin = await runtime.services.users.ensureFirstSuperuser(
    config.admin.email,
    config.admin.password,
  );

  if (database.kind === 'pglite') await seedScriptBank(database, runtime);
  const app = await composeApp(config, database, runtime, { checkSandboxAtStart: true });
  const control = await openControlChannel(config, database, runtime, app);
  await runtime.start();
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await control?.close();
    await app.close();
    await runtime.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  // The bound port, which differs from PORT=0 (any free port).
  const address = app.server.address();
  const url = `http://${config.host}:${typeof address === 'object' && address ? address.port : config.port}`;
  process.stdout.write(
    `\n  Skriptoteket is running at ${config.publicUrl ?? url}  (database: ${database.kind})\n\n`,
  );
  announceFirstAdmin();
}

/**
 * Embedded mode is the zero-setup installation: its catalog starts with the script bank, published. Tools
 * already there are left alone, so restarts neither duplicate nor overwrite them. Servers use `bank:seed`.
 */
async function seedScriptBank(database: Database, runtime: Runtime): Promise<void> {
  try {
    const startedAt = Date.now();
    const owner = await operatorActor({ database, ...runtime.services });
    const report = await runtime.services.bankSeeder.seed(owner);
    if (report.created.length > 0)
      runtime.log.info(
        { created: report.created, ms: Date.now() - startedAt },
        'script bank tools created and published',
      );
  } catch (error) {
    runtime.log.error(
      { err: error },
      'the script bank could not be seeded; `npm run cli -- bank:seed` retries',
    );
  }
}

function announceFirstAdmin(): void {
  if (unannouncedAdmin) process.stdout.write(`${firstAdminBanner(unannouncedAdmin)}\n`);
  unannouncedAdmin = null;
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
main(config).catch((error: unknown) => {
  announceFirstAdmin();
  const detail =
    error instanceof DataDirLockedError
      ? error.message
      : error instanceof Error
        ? error.stack
        : String(error);
  process.stderr.write(`Skriptoteket could not start: ${detail}\n`);
  process.exit(1);
});
