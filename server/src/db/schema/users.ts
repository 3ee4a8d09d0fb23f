import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    role: text('role', { enum: ['user', 'contributor', 'admin', 'superuser'] }).notNull(),
    locale: text('locale', { enum: ['sv', 'en'] })
      .notNull()
      .default('sv'),
    passwordHash: text('password_hash').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    /** A generated password (the first admin's): nothing but changing it is allowed until it is changed. */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('users_role_check', sql`${t.role} in ('user', 'contributor', 'admin', 'superuser')`),
    check('users_locale_check', sql`${t.locale} in ('sv', 'en')`),
    check('users_email_normalized', sql`${t.email} = lower(btrim(${t.email}))`),
  ],
);
