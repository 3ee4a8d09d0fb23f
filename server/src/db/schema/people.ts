import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tools } from './tools';
import { users } from './users';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Single-use links that let a person set their password: an admin's invitation to a new account, or a reset
 * link an admin sent. Only the sha256 of the token is stored.
 */
export const accountLinks = pgTable(
  'account_links',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['invitation', 'password_reset'] }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [
    index('account_links_user_idx').on(t.userId),
    check('account_links_purpose_check', sql`${t.purpose} in ('invitation', 'password_reset')`),
  ],
);

/** A contributor's idea for a tool, and the admin's decision on it. */
export const suggestions = pgTable(
  'suggestions',
  {
    id: uuid('id').primaryKey(),
    suggesterId: uuid('suggester_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull(),
    professions: text('professions').array().notNull(),
    categories: text('categories').array().notNull(),
    status: text('status', { enum: ['pending', 'accepted', 'declined'] })
      .notNull()
      .default('pending'),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: ts('decided_at'),
    declineReason: text('decline_reason'),
    toolId: uuid('tool_id').references(() => tools.id, { onDelete: 'set null' }),
    /** When the suggester saw the decision in the app; null while it is news to them. */
    outcomeSeenAt: ts('outcome_seen_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('suggestions_suggester_idx').on(t.suggesterId, t.createdAt),
    index('suggestions_status_idx').on(t.status, t.createdAt),
    check('suggestions_status_check', sql`${t.status} in ('pending', 'accepted', 'declined')`),
  ],
);
