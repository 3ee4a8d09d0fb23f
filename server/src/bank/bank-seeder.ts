import type { Actor } from '../shared/actor';
import type { UnitOfWork } from '../shared/ports';
import type { BankSource, TransferRepos } from './bank.ports';
import type { ToolTransferService } from './tool-transfer.service';

export interface BankSeedReport {
  created: string[];
  /** Slugs already present: never duplicated, never overwritten (an admin may have changed them). */
  kept: string[];
}

/** Creates and publishes every script-bank tool that this installation does not have yet. */
export class BankSeeder {
  constructor(
    private readonly deps: {
      bank: BankSource;
      transfer: ToolTransferService;
      uow: UnitOfWork<TransferRepos>;
    },
  ) {}

  async seed(actor: Actor): Promise<BankSeedReport> {
    const report: BankSeedReport = { created: [], kept: [] };
    for (const doc of await this.deps.bank.load()) {
      const slug = doc.tool.slug;
      const exists = await this.deps.uow.run((repos) => repos.tools.isSlugTaken(slug));
      if (exists) {
        report.kept.push(slug);
        continue;
      }
      await this.deps.transfer.importTool(actor, doc, { publish: true, source: 'bank' });
      report.created.push(slug);
    }
    return report;
  }
}
