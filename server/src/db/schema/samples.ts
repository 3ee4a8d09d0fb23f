import { customType, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { tools } from './tools';

/** Raw bytes; the drivers hand back a Buffer (pg) or a Uint8Array (PGlite), both read as Uint8Array. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
});

/**
 * A tool's sample input files ("Prova med exempeldata"): small synthetic files kept in the database with the
 * tool, so they survive export and import and every web process sees them.
 */
export const toolSamples = pgTable(
  'tool_samples',
  {
    toolId: uuid('tool_id')
      .notNull()
      .references(() => tools.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    bytes: integer('bytes').notNull(),
    content: bytea('content').notNull(),
  },
  (t) => [primaryKey({ columns: [t.toolId, t.name] })],
);
