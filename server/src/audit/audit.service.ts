import { text, type AuditEvent } from '@skriptoteket/contracts';
import { forbidden, invalid } from '../shared/app-error';
import type { Actor } from '../shared/actor';
import { isAdmin } from '../authoring/authoring.model';
import type { AuditReadRepo } from './audit.ports';

export interface AuditPage {
  items: AuditEvent[];
  nextCursor: string | null;
}

/** Reading the governance audit log; writing happens inside each governance use case. */
export class AuditService {
  constructor(
    private readonly deps: {
      audit: AuditReadRepo;
      canSeeTool: (actor: Actor, toolId: string) => Promise<void>;
    },
  ) {}

  async listForTool(
    actor: Actor,
    toolId: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<AuditPage> {
    await this.deps.canSeeTool(actor, toolId);
    return this.page({ toolId }, page);
  }

  async listAll(actor: Actor, page: { limit: number; cursor?: string | undefined }): Promise<AuditPage> {
    if (!isAdmin(actor)) throw forbidden();
    return this.page({}, page);
  }

  private async page(
    filter: { toolId?: string },
    page: { limit: number; cursor?: string | undefined },
  ): Promise<AuditPage> {
    const beforeId = page.cursor === undefined ? undefined : Number(page.cursor);
    if (beforeId !== undefined && !Number.isSafeInteger(beforeId))
      throw invalid(text('Ogiltig sidmarkör.', 'Invalid page cursor.'));
    const rows = await this.deps.audit.list({
      ...filter,
      ...(beforeId ? { beforeId } : {}),
      limit: page.limit + 1,
    });
    const items = rows
      .slice(0, page.limit)
      .map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
    return { items, nextCursor: rows.length > page.limit ? String(items.at(-1)!.id) : null };
  }
}
