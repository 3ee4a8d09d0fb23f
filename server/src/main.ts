import { ConfigError, loadConfig, type Config } from './config';
import { composeApp, composeRuntime, openMigratedDatabase } from './compose';

function announceFirstSuperuser(created: { email: string; password: string | null }): void {
  const lines = [
    '',
    '  Skriptoteket: the first administrator account was created.',
    `    E-post:    ${created.email}`,
    created.password
      ? `    Lösenord:  ${created.password}   (shown only this once — change it after signing in)`
      : '    Lösenord:  the one you set in SKRIPTOTEKET_ADMIN_PASSWORD',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(config: Config): Promise<void> {
  const database = await openMigratedDatabase(config);
  const runtime = composeRuntime(config, database);
  const created = await runtime.services.users.ensureFirstSuperuser(
    config.admin.email,
    config.admin.password,
  );
  if (created) announceFirstSuperuser(created);

  const app = await composeApp(config, database, runtime);
  await runtime.start();
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    await runtime.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host}:${config.port}`;
  process.stdout.write(
    `\n  Skriptoteket is running at ${config.publicUrl ?? url}  (database: ${database.kind})\n\n`,
  );
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
  process.stderr.write(
    `Skriptoteket could not start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
