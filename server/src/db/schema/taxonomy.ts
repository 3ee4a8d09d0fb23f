import { integer, pgTable, text } from 'drizzle-orm/pg-core';

export const professions = pgTable('professions', {
  slug: text('slug').primaryKey(),
  label: text('label').notNull(),
  sortOrder: integer('sort_order').notNull(),
});

export const categories = pgTable('categories', {
  slug: text('slug').primaryKey(),
  label: text('label').notNull(),
  sortOrder: integer('sort_order').notNull(),
});
