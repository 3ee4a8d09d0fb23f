import { index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { ownedByTool, ownedByUser } from './refs';

export const favorites = pgTable(
  'favorites',
  {
    userId: ownedByUser(),
    toolId: ownedByTool(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.toolId] }), index('favorites_tool_idx').on(t.toolId)],
);

/** Which version of a tool's usage instructions a user has read (by content hash). */
export const instructionReads = pgTable(
  'instruction_reads',
  {
    userId: ownedByUser(),
    toolId: ownedByTool(),
    instructionsHash: text('instructions_hash').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.toolId] })],
);
