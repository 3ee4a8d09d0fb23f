import type { FastifySerializerCompiler } from 'fastify/types/schema';
import type { ZodType } from 'zod';
import { stringifyJsonExact } from '@skriptoteket/contracts/json-exact';

/**
 * The response serializer of routes whose payloads may hold integers beyond 2^53 (a tool's state, inputs and
 * results hold them as bigint): the zod schema strips undeclared keys, so nothing leaks, and the exact writer
 * keeps every integer as it was.
 */
export const exactSerializerCompiler: FastifySerializerCompiler<ZodType> =
  ({ schema }) =>
  (data) => {
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw new Error(`response does not match its schema: ${parsed.error.message}`);
    return stringifyJsonExact(parsed.data);
  };
