import type { RunList, RunView } from '@skriptoteket/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../test/api-harness';
import { publishTool, py, runTool, startRun } from '../../test/runs-fixtures';

const DAY = 86_400_000;

/** Names and contents of the files the tool got, so a test sees exactly what was passed. */
const LIST_FILES = py([
  'from skriptoteket_toolkit import list_input_files, read_inputs',
  'def run_tool(i, o):',
  '    files = [f["name"] + "=" + open(f["path"]).read() for f in list_input_files()]',
  '    return str(read_inputs().get("klass", "")) + "|" + ",".join(files)',
]);
const FILE_SCHEMA = [
  { name: 'klass', label: 'Klass', kind: 'string' },
  { name: 'filer', label: 'Filer', kind: 'file', min: 0, max: 3, accept: ['.csv'] },
];
const html = (run: RunView) => (run.uiPayload as { outputs: { html: string }[] }).outputs[0]!.html;

describe('what the run page needs: history by tool, kept files, run again', () => {
  let ctx: TestContext;
  let teacher: TestClient;
  let colleague: TestClient;
  let slug: string;
  let otherSlug: string;

  beforeAll(async () => {
    ctx = await createTestContext({ workers: 1 });
    teacher = await ctx.signedIn('user');
    colleague = await ctx.signedIn('user');
    slug = await publishTool(ctx, { source: LIST_FILES, inputSchema: FILE_SCHEMA });
    otherSlug = await publishTool(ctx, { source: LIST_FILES, inputSchema: FILE_SCHEMA });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const history = async (client: TestClient, query: string) => {
    const response = await client.get(`/api/v1/me/runs?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<RunList>();
  };

  it('filters my runs by tool slug and pages within the filter', async () => {
    const a1 = await runTool(teacher, slug, { klass: '7A' });
    await runTool(teacher, otherSlug, { klass: '8B' });
    const a2 = await runTool(teacher, slug, { klass: '7C' });
    await runTool(colleague, slug, { klass: '9D' });

    const first = await history(teacher, `tool=${slug}&limit=1`);
    expect(first.items.map((r) => r.id)).toEqual([a2.id]);
    expect(first.items[0]).toMatchObject({ toolSlug: slug });
    expect(first.nextCursor).not.toBeNull();
    const second = await history(teacher, `tool=${slug}&limit=1&cursor=${first.nextCursor}`);
    expect(second.items.map((r) => r.id)).toEqual([a1.id]);
    expect(second.nextCursor).toBeNull();

    expect((await history(teacher, `tool=${otherSlug}`)).items).toHaveLength(1);
    expect((await history(teacher, 'tool=finns-inte')).items).toEqual([]);
    expect((await history(teacher, 'limit=100')).items.length).toBeGreaterThanOrEqual(3);
  });

  it("lists the files kept from my latest first run, and nobody else's", async () => {
    const url = `/api/v1/tools/${otherSlug}/session-files`;
    expect((await teacher.get(url)).json()).toEqual({ items: [] });
    await runTool(teacher, otherSlug, {}, [
      { name: 'b.csv', content: 'bb' },
      { name: 'a.csv', content: 'a' },
    ]);
    expect((await teacher.get(url)).json()).toEqual({
      items: [
        { name: 'a.csv', bytes: 1 },
        { name: 'b.csv', bytes: 2 },
      ],
    });
    expect((await colleague.get(url)).json()).toEqual({ items: [] });
    expect((await teacher.get('/api/v1/tools/finns-inte/session-files')).statusCode).toBe(404);
  });

  it('runs again with the same files (rerunOf), ahead of new uploads', async () => {
    const original = await runTool(teacher, slug, { klass: '7A' }, [
      { name: 'elever.csv', content: 'Ada;Bo' },
      { name: 'extra.csv', content: 'x' },
    ]);
    expect(html(original)).toBe('7A|elever.csv=Ada;Bo,extra.csv=x');

    const again = await runTool(teacher, slug, { klass: '7B' }, [], { rerunOf: original.id });
    expect(html(again)).toBe('7B|elever.csv=Ada;Bo,extra.csv=x');
    expect(again.inputFiles).toEqual(original.inputFiles);

    const more = await runTool(teacher, slug, {}, [{ name: 'ny.csv', content: 'n' }], {
      rerunOf: original.id,
    });
    expect(html(more)).toBe('|elever.csv=Ada;Bo,extra.csv=x,ny.csv=n');

    const clash = await startRun(teacher, slug, {}, [{ name: 'elever.csv', content: 'z' }], {
      rerunOf: original.id,
    });
    expect(clash.statusCode).toBe(422);
    expect(clash.json().error.details.issues[0].message).toContain('Två filer heter "elever.csv"');
  });

  it("refuses another user's run (404), another tool's run and a malformed id (422)", async () => {
    const mine = await runTool(teacher, slug, {}, [{ name: 'a.csv', content: 'a' }]);
    const theirs = await startRun(colleague, slug, {}, [], { rerunOf: mine.id });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().error.message).toBe('Körningen finns inte.');

    const wrongTool = await startRun(teacher, otherSlug, {}, [], { rerunOf: mine.id });
    expect(wrongTool.statusCode).toBe(422);
    expect(wrongTool.json().error.details.issues).toEqual([
      { path: ['rerunOf'], message: 'Välj en körning av det här verktyget.' },
    ]);

    const malformed = await startRun(teacher, slug, {}, [], { rerunOf: 'inte-ett-id' });
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json().error.details.issues).toEqual([
      { path: ['rerunOf'], message: 'Ogiltig körning.' },
    ]);
  });

  it('says clearly when the earlier files have expired, and starts nothing', async () => {
    const old = await runTool(teacher, slug, {}, [{ name: 'gammal.csv', content: 'g' }]);
    await ctx.runtime.retention.runOnce(new Date(Date.now() + 31 * DAY));
    const before = (await history(teacher, `tool=${slug}&limit=100`)).items.length;

    const expired = await startRun(teacher, slug, {}, [], { rerunOf: old.id });
    expect(expired.statusCode).toBe(422);
    expect(expired.json().error).toMatchObject({
      message: 'Filerna från den körningen har tagits bort eftersom de var för gamla.',
      details: { issues: [{ path: ['rerunOf'], message: 'Filerna finns inte längre. Välj dem igen.' }] },
    });
    expect((await history(teacher, `tool=${slug}&limit=100`)).items).toHaveLength(before);
  });
});
