import { z } from 'zod';

/** What an admin needs to know about this server's health: whether tools can run here, and if not why. */
export const systemStatusSchema = z.object({
  sandbox: z.object({
    /** False when the sandbox self-check failed: no tool can run until the cause is fixed. */
    ok: z.boolean(),
    /** Why not (technical, in English, from the self-check); null when ok. */
    message: z.string().nullable(),
  }),
});
export type SystemStatus = z.infer<typeof systemStatusSchema>;
