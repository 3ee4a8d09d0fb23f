import type { AuditAction } from '@skriptoteket/contracts';

export interface AuditRow {
  id: number;
  toolId: string | null;
  toolTitle: string | null;
  actor: { id: string; name: string; email: string };
  action: AuditAction;
  details: Record<string, unknown>;
  createdAt: Date;
}

export interface AuditReadRepo {
  /** Newest first; `beforeId` continues a page. */
  list(filter: { toolId?: string; beforeId?: number; limit: number }): Promise<AuditRow[]>;
}
