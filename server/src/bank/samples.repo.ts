import { and, eq, isNotNull } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { tools, toolSamples } from '../db/schema';
import type { SampleRepo } from './bank.ports';
import type { SampleRecord } from './tool-transfer.model';

const asRecord = (row: { name: string; bytes: number; content: Uint8Array }): SampleRecord => ({
  name: row.name,
  bytes: row.bytes,
  content: new Uint8Array(row.content),
});

export class DrizzleSampleRepo implements SampleRepo {
  constructor(private readonly db: Executor) {}

  async insertAll(toolId: string, samples: SampleRecord[]) {
    if (samples.length === 0) return;
    await this.db.insert(toolSamples).values(samples.map((s) => ({ toolId, ...s })));
  }

  async listForTool(toolId: string) {
    const rows = await this.db
      .select()
      .from(toolSamples)
      .where(eq(toolSamples.toolId, toolId))
      .orderBy(toolSamples.name);
    return rows.map(asRecord);
  }

  async listForRunnableSlug(slug: string) {
    const rows = await this.db
      .select({ name: toolSamples.name, bytes: toolSamples.bytes, content: toolSamples.content })
      .from(toolSamples)
      .innerJoin(tools, eq(tools.id, toolSamples.toolId))
      .where(and(eq(tools.slug, slug), eq(tools.isPublished, true), isNotNull(tools.activeVersionId)))
      .orderBy(toolSamples.name);
    return rows.map(asRecord);
  }

  async toolIdBySlug(slug: string) {
    const [row] = await this.db.select({ id: tools.id }).from(tools).where(eq(tools.slug, slug));
    return row?.id ?? null;
  }
}
