import { and, desc, eq, lt } from 'drizzle-orm';
import type { AuditAction } from '@skriptoteket/contracts';
import type { Executor } from '../db/client';
import { auditEvents, tools, users } from '../db/schema/index';
import type { AuditReadRepo, AuditRow } from './audit.ports';

export class DrizzleAuditReadRepo implements AuditReadRepo {
  constructor(private readonly db: Executor) {}

  async list(filter: { toolId?: string; beforeId?: number; limit: number }): Promise<AuditRow[]> {
    const conditions = [];
    if (filter.toolId) conditions.push(eq(auditEvents.toolId, filter.toolId));
    if (filter.beforeId) conditions.push(lt(auditEvents.id, filter.beforeId));
    const rows = await this.db
      .select({
        event: auditEvents,
        toolTitle: tools.title,
        actor: { id: users.id, name: users.name, email: users.email },
      })
      .from(auditEvents)
      .innerJoin(users, eq(users.id, auditEvents.actorId))
      .leftJoin(tools, eq(tools.id, auditEvents.toolId))
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(auditEvents.id))
      .limit(filter.limit);
    return rows.map((r) => ({
      id: r.event.id,
      toolId: r.event.toolId,
      toolTitle: r.toolTitle,
      actor: r.actor,
      action: r.event.action as AuditAction,
      details: r.event.details,
      createdAt: r.event.createdAt,
    }));
  }
}
