import type { DiagnosticsBody } from '@skriptoteket/contracts';
import type { Actor } from '../shared/actor';
import type { UnitOfWork } from '../shared/ports';
import type { AuthoringRepos, SourceDiagnoser } from './authoring.ports';
import { describeFinding, type DescribedFinding } from './diagnostics.model';
import { requireVisibleTool } from './tools.service';

export interface DiagnosticsServiceDeps {
  uow: UnitOfWork<AuthoringRepos>;
  diagnoser: SourceDiagnoser;
}

/** The editor's live source check for the people who may edit a tool; saves and runs nothing. */
export class DiagnosticsService {
  constructor(private readonly deps: DiagnosticsServiceDeps) {}

  async diagnose(actor: Actor, toolId: string, body: DiagnosticsBody): Promise<DescribedFinding[]> {
    await this.deps.uow.run((repos) => requireVisibleTool(repos, actor, toolId));
    const findings = await this.deps.diagnoser.diagnose(body.sourceCode, body.entrypoint);
    return findings.map(describeFinding);
  }
}
