import { createHash } from 'node:crypto';
import { stringifyJsonExact } from '@skriptoteket/contracts/json-exact';

/** Identifies a settings_schema, so values saved for another schema are not reused. */
export const schemaHash = (schema: unknown[]): string =>
  createHash('sha256').update(stringifyJsonExact(schema)).digest('hex');
