import { z } from 'zod';

import { errorCodes } from './values';

export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    details: z.unknown().optional(),
  }),
  requestId: z.string(),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

/** One field problem inside `details.issues` of a VALIDATION_ERROR. */
export interface FieldIssue {
  path: (string | number)[];
  message: string;
}
