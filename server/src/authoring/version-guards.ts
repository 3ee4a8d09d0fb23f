import { text, type DoesNotCompileDetails, type Text } from '@skriptoteket/contracts';
import type { Actor } from '../shared/actor';
import { AppError, conflict, forbidden, notFound } from '../shared/app-error';
import type { Clock, Logger, UnitOfWork } from '../shared/ports';
import { doesNotCompileMessage, isAdmin, type VersionRecord } from './authoring.model';
import type { AuthoringRepos, SyntaxChecker } from './authoring.ports';
import { requireVisibleTool } from './tools.service';

/** The rules a version transition checks before it changes anything. */

export const VERSION_NOT_FOUND = text('Versionen finns inte.', 'The version does not exist.');

type CompileResult = Pick<VersionRecord, 'compileError' | 'compileCheckedAt'>;

/** Whether a version's source compiles, checked in the sandboxed checker and kept on the version. */
export class VersionCompiler {
  constructor(
    private readonly deps: {
      uow: UnitOfWork<AuthoringRepos>;
      syntax: SyntaxChecker;
      clock: Clock;
      log: Logger;
    },
  ) {}

  /**
   * A draft is saved even when it does not compile (work in progress), with the error. When the checker itself
   * fails, the draft is saved unchecked, which the version shows; submitting checks it again and fails loudly.
   */
  async compileDraft(sourceCode: string): Promise<CompileResult> {
    try {
      return await this.compile(sourceCode);
    } catch (error) {
      this.deps.log.error({ err: error }, 'the syntax checker failed; the draft is saved unchecked');
      return { compileError: null, compileCheckedAt: null };
    }
  }

  /** Versions saved before compile checks existed are checked on their first transition, and the result kept. */
  async ensureChecked(actor: Actor, versionId: string): Promise<void> {
    const version = await this.deps.uow.run((repos) => requireVisibleVersion(repos, actor, versionId));
    if (version.compileCheckedAt) return;
    const compiled = await this.compile(version.sourceCode);
    await this.deps.uow.run((repos) => repos.versions.update(version.id, compiled));
  }

  private async compile(sourceCode: string): Promise<CompileResult> {
    const result = await this.deps.syntax.check(sourceCode);
    return { compileError: result.error, compileCheckedAt: this.deps.clock.now() };
  }
}

export function requireAdmin(actor: Actor): void {
  if (!isAdmin(actor))
    throw forbidden(
      text('Bara administratörer kan granska och publicera.', 'Only administrators can review and publish.'),
    );
}

export function requireState(version: VersionRecord, state: VersionRecord['state'], message: Text): void {
  if (version.state !== state) throw new AppError('CONFLICT', message, { state: version.state });
}

export function requireCompiles(version: VersionRecord): void {
  if (!version.compileCheckedAt) throw new Error(`version ${version.id} was not compile-checked`);
  const message = doesNotCompileMessage(version);
  if (!message || !version.compileError) return;
  const details: DoesNotCompileDetails = { reason: 'DOES_NOT_COMPILE', ...version.compileError };
  throw conflict(message, details);
}

export async function requireVisibleVersion(
  repos: AuthoringRepos,
  actor: Actor,
  versionId: string,
): Promise<VersionRecord> {
  const version = await repos.versions.findById(versionId);
  if (!version) throw notFound(VERSION_NOT_FOUND);
  // A version of a tool the actor may not see does not exist for them; any other failure stays what it is.
  await requireVisibleTool(repos, actor, version.toolId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND') throw notFound(VERSION_NOT_FOUND);
    throw error;
  });
  return version;
}

export const involved = (v: VersionRecord) => [v.createdBy, v.reviewedBy, v.publishedBy, v.submittedBy];
