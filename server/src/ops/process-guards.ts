import type { Logger } from '../shared/ports';
import type { BackgroundJobs } from '../jobs/background';

/**
 * The last line of defence of a long-running process (web server or worker). A promise rejection nobody
 * handled is a bug to log and count, not a reason to take the site down. An exception nobody caught leaves the
 * process in an unknown state: it is logged and the process exits non-zero, so its supervisor (`npm start`,
 * systemd) starts it again.
 */
export function installProcessGuards(log: Logger, background: Pick<BackgroundJobs, 'failed'>): void {
  process.on('unhandledRejection', (reason) => {
    background.failed('unhandled-rejection', reason);
  });
  process.on('uncaughtException', (error) => {
    log.fatal({ err: error }, 'uncaught exception; exiting so the supervisor restarts the process');
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 200).unref();
  });
}
