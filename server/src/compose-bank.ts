import path from 'node:path';
import { authoringRepos } from './authoring/authoring.repo';
import { BankFolder } from './bank/bank-folder';
import { BankSeeder } from './bank/bank-seeder';
import { SampleRunsService } from './bank/sample-runs.service';
import { DrizzleSampleRepo } from './bank/samples.repo';
import { ToolTransferService } from './bank/tool-transfer.service';
import type { Config } from './config';
import type { Database } from './db/client';
import { serverRoot } from './db/paths';
import { DrizzleUnitOfWork } from './db/unit-of-work';
import type { ProcessLogger } from './ops/logger';
import type { RunsService } from './runs/runs.service';
import { PythonSyntaxChecker } from './sandbox/python-syntax.checker';
import type { Clock } from './shared/ports';

const scriptBankDir = () => path.join(serverRoot(), '..', 'script-bank');

/** The script bank, sample runs and tool export/import. */
export function bankServices(
  config: Config,
  database: Database,
  runs: RunsService,
  clock: Clock,
  log: ProcessLogger,
) {
  const uow = new DrizzleUnitOfWork(database.db, (tx) => ({
    ...authoringRepos(tx),
    samples: new DrizzleSampleRepo(tx),
  }));
  const transfer = new ToolTransferService({
    uow,
    clock,
    syntax: new PythonSyntaxChecker({ python: config.python }),
    log: log.child({ component: 'transfer' }),
  });
  return {
    transfer,
    sampleRuns: new SampleRunsService({ samples: new DrizzleSampleRepo(database.db), runs }),
    bankSeeder: new BankSeeder({ bank: new BankFolder(scriptBankDir()), transfer, uow }),
  };
}
