import type {
  OutputListing,
  PreparedRunDir,
  RunDirSpec,
  RunWorkspace,
  Sandbox,
  SandboxJob,
  SandboxResult,
  SyntaxChecker,
} from '../../src/sandbox/sandbox.ports';

/** A sandbox that answers what the test says, and records the jobs it was given. */
export class FakeSandbox implements Sandbox {
  readonly jobs: SandboxJob[] = [];
  constructor(public answer: (job: SandboxJob) => Promise<SandboxResult>) {}
  run(job: SandboxJob) {
    this.jobs.push(job);
    return this.answer(job);
  }
  async selfCheck() {}
}

export function sandboxResult(resultJson: string | null, fields: Partial<SandboxResult> = {}): SandboxResult {
  return {
    outcome: 'exited',
    killReason: null,
    exitCode: 0,
    exitSignal: null,
    stdout: '',
    stderr: '',
    isStdoutTruncated: false,
    isStderrTruncated: false,
    resultJson,
    durationMs: 5,
    ...fields,
  };
}

export const validSyntax: SyntaxChecker = {
  check: async () => ({ isValid: true, errorSummary: null, error: null }),
};

export class FakeWorkspace implements RunWorkspace {
  readonly prepared: RunDirSpec[] = [];
  cleaned = 0;
  output: OutputListing = { files: [] };
  async prepare(spec: RunDirSpec): Promise<PreparedRunDir> {
    for (const file of spec.files) if ('copyTo' in file) await file.copyTo(`/fake/input/${file.name}`);
    this.prepared.push(spec);
    return { runDir: '/fake/run', cleanup: async () => void (this.cleaned += 1) };
  }
  async listOutput() {
    return this.output;
  }
}
