import { uuid } from 'drizzle-orm/pg-core';
import { tools } from './tools';
import { users } from './users';

/** A required reference to a tool or a user whose rows go away with it. */
export const ownedByTool = () =>
  uuid('tool_id')
    .notNull()
    .references(() => tools.id, { onDelete: 'cascade' });
export const ownedByUser = () =>
  uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' });
