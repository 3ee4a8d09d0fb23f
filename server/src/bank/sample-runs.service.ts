import { text, type SampleFile } from '@skriptoteket/contracts';
import type { RunsService } from '../runs/runs.service';
import type { RunView } from '../runs/runs.presenter';
import type { Actor } from '../shared/actor';
import { notFound } from '../shared/app-error';
import type { SampleRepo } from './bank.ports';

const NO_SAMPLES = text(
  'Verktyget har inga exempelfiler att prova med.',
  'The tool has no sample files to try it with.',
);

/** "Prova med exempeldata": a run of a published tool on the sample files stored with it. */
export class SampleRunsService {
  constructor(private readonly deps: { samples: SampleRepo; runs: RunsService }) {}

  async listSamples(slug: string): Promise<{ items: SampleFile[] }> {
    const samples = await this.deps.samples.listForRunnableSlug(slug);
    return { items: samples.map((s) => ({ name: s.name, bytes: s.bytes })) };
  }

  /**
   * Starts a first run with every sample file and the form values given (the run page sends the form as it
   * is; nothing is needed when the tool's fields have defaults or are optional). Same rules as any run.
   */
  async startSampleRun(actor: Actor, slug: string, inputs: unknown): Promise<RunView> {
    const samples = await this.deps.samples.listForRunnableSlug(slug);
    if (samples.length === 0) throw notFound(NO_SAMPLES);
    return this.deps.runs.submitRun(actor, slug, {
      inputs,
      files: [],
      sessionFilesMode: 'none',
      contentFiles: samples.map((s) => ({ name: s.name, content: s.content })),
    });
  }
}
