import { sql, type SQL } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/api-harness';
import { testEngines } from '../../test/db';
import { publishTool, py, startRun } from '../../test/runs-fixtures';

const TOOL = py(['def run_tool(i, o):', '    return "ok"']);

/**
 * Submissions find the tool in memory (CachedToolSource): whatever stops a tool being runnable must stop its runs
 * from the very next request, in this process, on either engine.
 */
describe.each(testEngines())('a tool that stops being runnable, on %s', (engine) => {
  let ctx: TestContext;
  afterEach(async () => {
    await ctx.close();
  });

  const idsOf = async (query: SQL): Promise<{ id: string }[]> => {
    const result: unknown = await ctx.database.db.execute(query);
    return (result as { rows: { id: string }[] }).rows;
  };

  async function setUp() {
    ctx = await createTestContext({ engine });
    const teacher = await ctx.signedIn('user');
    const admin = await ctx.signedIn('admin');
    const slug = await publishTool(ctx, { source: TOOL });
    const [tool] = await idsOf(sql`select id from tools where slug = ${slug}`);
    const post = () => startRun(teacher, slug);
    const submit = async () => (await post()).statusCode;
    expect(await submit()).toBe(202);
    expect(await submit()).toBe(202); // now answered from memory
    return { admin, slug, toolId: tool!.id, submit, post };
  }

  it('is refused from the next request when an admin depublishes it, and runs again when republished', async () => {
    const { admin, toolId, submit } = await setUp();
    expect((await admin.post(`/api/v1/admin/tools/${toolId}/depublish`)).statusCode).toBe(200);
    expect(await submit()).toBe(404);
    expect((await admin.post(`/api/v1/admin/tools/${toolId}/publish`)).statusCode).toBe(200);
    expect(await submit()).toBe(202);
  });

  it('queues nothing for a tool that changed even when the change was not heard (a lost notification)', async () => {
    const { submit, post, toolId } = await setUp();
    // This process stops hearing catalog changes, so its copy of the tool is stale.
    (ctx.runtime.changes as unknown as { handlers: Map<string, unknown> }).handlers.delete('skt_catalog');
    await ctx.database.db.execute(sql`update tools set is_published = false where id = ${toolId}`);
    expect(await submit()).toBe(404);
    await ctx.database.db.execute(sql`update tools set is_published = true where id = ${toolId}`);
    expect(await submit()).toBe(202);
    // A new active version (as publishing one does), written by another process.
    await ctx.database.db.execute(sql`update tool_versions set state = 'archived' where tool_id = ${toolId}`);
    const [version] = await idsOf(
      sql`insert into tool_versions (id, tool_id, number, state, source_code, entrypoint, input_schema,
              settings_schema, usage_instructions, content_hash, created_by, created_at)
            select gen_random_uuid(), tool_id, number + 1, 'active', source_code, entrypoint, input_schema,
              settings_schema, usage_instructions, content_hash, created_by, created_at
            from tool_versions where tool_id = ${toolId} order by number desc limit 1 returning id`,
    );
    await ctx.database.db.execute(
      sql`update tools set active_version_id = ${version!.id} where id = ${toolId}`,
    );
    const changed = await post();
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.details).toMatchObject({ reason: 'TOOL_CHANGED' });
    expect(await submit()).toBe(202); // read afresh after the refusal
  });

  it('is refused from the next request when its active version is cleared by any writer (SQL)', async () => {
    const { submit, toolId } = await setUp();
    await ctx.database.db.execute(sql`update tools set active_version_id = null where id = ${toolId}`);
    expect(await submit()).toBe(404);
  });
});
