import { and, eq, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { loginEvents, runs, sessionFiles } from '../db/schema/index';
import type { FileStore } from '../runs/runs.ports';
import { storageKeys } from '../storage/keys';

export interface RetentionPolicy {
  /** Run files (uploads and artifacts) are removed this long after the run finished; the run stays. */
  runFilesDays: number;
  /** Session files are removed this long after they were last used (contract §4: 24 h). */
  sessionFilesHours: number;
  /** Runs themselves (with their results) are deleted this long after they finished. */
  runsDays: number;
  /** Test runs (editor and review) and their files are deleted this long after they finished. */
  testRunsHours: number;
  loginEventsDays: number;
}

export interface RetentionReport {
  runFilesExpired: number;
  sessionFilesRemoved: number;
  runsDeleted: number;
  loginEventsDeleted: number;
}

const BATCH = 500;
const days = (n: number) => n * 86_400_000;

/**
 * Removes what the retention policy says is old. Safe to run in several processes at once: every step claims
 * its rows with one UPDATE/DELETE … RETURNING, and removing files that are already gone is a no-op.
 */
export class RetentionJob {
  constructor(private readonly deps: { db: Executor; files: FileStore; policy: RetentionPolicy }) {}

  async runOnce(now: Date): Promise<RetentionReport> {
    const { db, files, policy } = this.deps;
    const report: RetentionReport = {
      runFilesExpired: 0,
      sessionFilesRemoved: 0,
      runsDeleted: 0,
      loginEventsDeleted: 0,
    };

    for (;;) {
      const expired = await db
        .update(runs)
        .set({ filesExpiredAt: now })
        .where(
          sql`${runs.id} in (select id from runs where files_expired_at is null and finished_at is not null
              and finished_at < ${new Date(now.getTime() - days(policy.runFilesDays))} limit ${BATCH})`,
        )
        .returning({ id: runs.id });
      for (const { id } of expired) await files.removePrefix(storageKeys.run(id));
      report.runFilesExpired += expired.length;
      if (expired.length < BATCH) break;
    }

    const staleFiles = await db
      .delete(sessionFiles)
      .where(lt(sessionFiles.lastUsedAt, new Date(now.getTime() - policy.sessionFilesHours * 3_600_000)))
      .returning({ storageKey: sessionFiles.storageKey });
    for (const file of staleFiles) await files.removePrefix(file.storageKey);
    report.sessionFilesRemoved = staleFiles.length;

    const oldRuns = await db
      .delete(runs)
      .where(
        and(
          isNotNull(runs.finishedAt),
          or(
            lt(runs.finishedAt, new Date(now.getTime() - days(policy.runsDays))),
            and(
              eq(runs.kind, 'test'),
              lt(runs.finishedAt, new Date(now.getTime() - policy.testRunsHours * 3_600_000)),
            ),
          ),
        ),
      )
      .returning({ id: runs.id, filesExpiredAt: runs.filesExpiredAt });
    for (const run of oldRuns) if (!run.filesExpiredAt) await files.removePrefix(storageKeys.run(run.id));
    report.runsDeleted = oldRuns.length;

    const events = await db
      .delete(loginEvents)
      .where(lt(loginEvents.createdAt, new Date(now.getTime() - days(policy.loginEventsDays))))
      .returning({ id: loginEvents.id });
    report.loginEventsDeleted = events.length;
    return report;
  }
}
