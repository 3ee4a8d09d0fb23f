import type { ToolExport } from '@skriptoteket/contracts';
import type { AuthoringRepos } from '../authoring/authoring.ports';
import type { SampleRecord } from './tool-transfer.model';

export type { SyntaxChecker } from '../sandbox/sandbox.ports';

export interface SampleRepo {
  insertAll(toolId: string, samples: SampleRecord[]): Promise<void>;
  listForTool(toolId: string): Promise<SampleRecord[]>;
  /** Samples of the tool with this slug, only while it is published with an active version (runnable). */
  listForRunnableSlug(slug: string): Promise<SampleRecord[]>;
  toolIdBySlug(slug: string): Promise<string | null>;
}

/** What an import writes in one transaction: the tool, its versions, taxonomy, samples and the audit entry. */
export type TransferRepos = AuthoringRepos & { samples: SampleRepo };

/** The script bank: each of its tools as an export document (one active version and its samples). */
export interface BankSource {
  load(): Promise<ToolExport[]>;
}
