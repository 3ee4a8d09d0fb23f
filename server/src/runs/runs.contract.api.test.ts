import type { RunView } from '@skriptoteket/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TEST_PASSWORD, type TestClient, type TestContext } from '../../test/api-harness';
import { publishTool, py, runTool } from '../../test/runs-fixtures';

type Output = Record<string, unknown> & { kind: string };
const outputs = (run: RunView) => (run.uiPayload as { outputs: Output[] }).outputs;

/** TOOL-CONTRACT.md §6, through the HTTP API, the queue, a worker and the real sandbox. */
describe('tool contract examples', () => {
  let ctx: TestContext;
  let teacher: TestClient;
  let developer: TestClient;

  beforeAll(async () => {
    ctx = await createTestContext({ workers: 2, env: { SKRIPTOTEKET_RUN_TIMEOUT_SECONDS: '3' } });
    teacher = await ctx.signedIn('user');
    developer = await ctx.signedIn('contributor');
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('1: a returned string becomes one html_sandboxed output with the contract paths', async () => {
    const slug = await publishTool(ctx, { source: py(['def run_tool(i, o):', '    return f"{i}|{o}"']) });
    const run = await runTool(teacher, slug);
    expect(run.status).toBe('succeeded');
    expect(outputs(run)).toEqual([{ kind: 'html_sandboxed', html: '/work/input|/work/output' }]);
    expect(run).not.toHaveProperty('stdout');
  });

  it('2: the configured entrypoint is called; a missing one fails with RuntimeError named on stderr', async () => {
    const source = py(['def main(i, o):', '    return "main"']);
    const ok = await runTool(teacher, await publishTool(ctx, { source, entrypoint: 'main' }));
    expect(outputs(ok)).toEqual([{ kind: 'html_sandboxed', html: 'main' }]);
    const missing = await runTool(developer, await publishTool(ctx, { source }));
    expect(missing).toMatchObject({
      status: 'failed',
      errorCode: 'tool_crashed',
      errorDetail: 'Tool execution failed (RuntimeError).',
    });
    expect(missing.stderr).toContain('run_tool');
  });

  it('3 and 4: ToolUserError shows its stripped message; other errors hide theirs from users', async () => {
    const userError = py([
      'from tool_errors import ToolUserError',
      'def run_tool(i, o):',
      '    raise ToolUserError("  Filen saknas.  ")',
    ]);
    const run = await runTool(teacher, await publishTool(ctx, { source: userError }));
    expect(run).toMatchObject({ status: 'failed', errorCode: 'tool_error', errorSummary: 'Filen saknas.' });
    expect(outputs(run)).toEqual([]);

    const secret = py(['def run_tool(i, o):', '    raise ValueError("secret")']);
    const slug = await publishTool(ctx, { source: secret });
    const asTeacher = await runTool(teacher, slug);
    expect(asTeacher).toMatchObject({ errorCode: 'tool_crashed' });
    expect(asTeacher.errorSummary).toMatch(/^Verktyget stötte på ett oväntat fel/);
    expect(asTeacher).not.toHaveProperty('errorDetail');
    expect(JSON.stringify(asTeacher)).not.toContain('secret');
    const asDeveloper = await runTool(developer, slug);
    expect(asDeveloper.errorDetail).toBe('Tool execution failed (ValueError).');
    expect(asDeveloper.stderr).toContain('ValueError: secret');
  });

  it('5: inputs and uploads reach the tool in upload order with exact sizes', async () => {
    const source = py([
      'import json',
      'from skriptoteket_toolkit import read_inputs, list_input_files',
      'def run_tool(i, o):',
      '    return {"outputs": [{"kind": "json", "value": {"inputs": read_inputs(), "files": list_input_files()}}]}',
    ]);
    const inputSchema = [
      { name: 'title', label: 'Titel', kind: 'string' },
      { name: 'filer', label: 'Filer', kind: 'file', min: 0, max: 5 },
    ];
    const run = await runTool(teacher, await publishTool(ctx, { source, inputSchema }), { title: 'Å' }, [
      { name: 'b.csv', content: 'x,y' },
      { name: 'a.txt', content: 'z' },
    ]);
    expect(run.status).toBe('succeeded');
    expect(outputs(run)[0]!['value']).toEqual({
      files: [
        { bytes: 3, name: 'b.csv', path: '/work/input/b.csv' },
        { bytes: 1, name: 'a.txt', path: '/work/input/a.txt' },
      ],
      inputs: { title: 'Å' },
    });
    expect(run.inputFiles).toEqual([
      { name: 'b.csv', bytes: 3 },
      { name: 'a.txt', bytes: 1 },
    ]);
  });

  it('6: sets become sorted lists, tuples lists, non-string keys are dropped', async () => {
    const source = py([
      'def run_tool(i, o):',
      '    return {"outputs": [{"kind": "json", "value": {"s": {3, 1, 2}, "t": (1, 2), 1: "x"}}]}',
    ]);
    const run = await runTool(teacher, await publishTool(ctx, { source }));
    expect(outputs(run)[0]!['value']).toEqual({ s: [1, 2, 3], t: [1, 2] });
  });

  it('7 and 8: output files become artifacts sorted by path, kept even when the tool then fails', async () => {
    const source = py([
      'import os',
      'def run_tool(i, o):',
      '    for rel, text in [("b.txt", "bb"), ("a/c.txt", "ccc"), ("a-b/x.txt", "x")]:',
      '        os.makedirs(os.path.dirname(os.path.join(o, rel)), exist_ok=True)',
      '        open(os.path.join(o, rel), "w").write(text)',
      '    return ""',
    ]);
    const run = await runTool(teacher, await publishTool(ctx, { source }));
    expect(run.artifacts.map((a) => [a.path, a.bytes])).toEqual([
      ['output/a-b/x.txt', 1],
      ['output/a/c.txt', 3],
      ['output/b.txt', 2],
    ]);
    for (const artifact of run.artifacts) {
      const download = await teacher.get(artifact.downloadUrl);
      expect(download.statusCode).toBe(200);
      expect(download.body.length).toBe(artifact.bytes);
    }

    const partial = py([
      'def run_tool(i, o):',
      '    open(o + "/partial.txt", "w").write("halv")',
      '    raise RuntimeError("oj")',
    ]);
    const failed = await runTool(teacher, await publishTool(ctx, { source: partial }));
    expect(failed.status).toBe('failed');
    expect(failed.artifacts.map((a) => a.path)).toEqual(['output/partial.txt']);
    expect((await teacher.get(failed.artifacts[0]!.downloadUrl)).body).toBe('halv');
  });

  it('9: a symlink in output fails the run and nothing outside the run is served', async () => {
    const source = py([
      'import os',
      'def run_tool(i, o):',
      '    os.symlink("/etc/passwd", o + "/l")',
      '    return "ok"',
    ]);
    const run = await runTool(teacher, await publishTool(ctx, { source }));
    expect(run).toMatchObject({ status: 'failed', errorCode: 'artifact_violation' });
    expect(run.errorSummary).toMatch(/filer som inte får laddas ner/);
    expect(run.artifacts).toEqual([]);
  });

  it('10 and 11: oversized markdown is cut with a notice; 60 notices become 50 outputs', async () => {
    const long = py([
      'def run_tool(i, o):',
      '    return {"outputs": [{"kind": "markdown", "markdown": "a" * 80000}]}',
    ]);
    const cut = outputs(await runTool(teacher, await publishTool(ctx, { source: long })));
    expect((cut[0]!['markdown'] as string).length).toBe(65_536);
    expect(cut.at(-1)).toMatchObject({
      kind: 'notice',
      level: 'warning',
      message: expect.stringMatching(/^System notice: /),
    });

    const many = py([
      'def run_tool(i, o):',
      '    return {"outputs": [{"kind": "notice", "level": "info", "message": f"n{k}"} for k in range(60)]}',
    ]);
    const capped = outputs(await runTool(teacher, await publishTool(ctx, { source: many })));
    expect(capped).toHaveLength(50);
    expect(capped.at(-1)!['message']).toMatch(/^System notice: /);
  });

  it('13: a sleeping tool times out at the limit and keeps what it printed first', async () => {
    const source = py([
      'import time',
      'def run_tool(i, o):',
      '    print("före sömnen", flush=True)',
      '    time.sleep(999)',
    ]);
    const started = Date.now();
    const run = await runTool(developer, await publishTool(ctx, { source }));
    expect(run).toMatchObject({
      status: 'timed_out',
      errorCode: 'timed_out',
      errorDetail: 'Execution timed out.',
    });
    expect(run.errorSummary).toMatch(/^Verktyget tog för lång tid/);
    expect(run.stdout).toContain('före sömnen');
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it('rejects source that does not compile before any sandbox starts: plain words for teachers, line and column for maintainers', async () => {
    const slug = await publishTool(ctx, { source: 'def run_tool(i, o)\n    return 1\n' });
    const run = await runTool(teacher, slug);
    expect(run).toMatchObject({ status: 'failed', errorCode: 'syntax_error' });
    expect(run.errorSummary).toBe(
      'Verktyget har ett fel i sin kod och kan inte köras just nu. Den som underhåller verktyget behöver rätta det.',
    );
    expect(JSON.stringify(run)).not.toContain('SyntaxError');
    expect((await runTool(developer, slug)).errorDetail).toMatch(/^SyntaxError: .*\(line 1, col \d+\)/);

    await ctx.services.users.createUser({
      email: 'teacher@school.example',
      role: 'user',
      password: TEST_PASSWORD,
      locale: 'en',
    });
    const english = ctx.client();
    await english.login('teacher@school.example', TEST_PASSWORD);
    expect((await runTool(english, slug)).errorSummary).toBe(
      'The tool has an error in its code and cannot run right now. Its maintainer needs to fix it.',
    );
  });
});
