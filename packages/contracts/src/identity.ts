import { z } from 'zod';

import { locales, roles } from './values';

export const roleSchema = z.enum(roles);

export const localeSchema = z.enum(locales);

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  locale: localeSchema,
  /** A generated password must be replaced before anything else (POST /me/password). */
  mustChangePassword: z.boolean(),
});
export type User = z.infer<typeof userSchema>;

export const loginBodySchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

export const loginResponseSchema = z.object({ user: userSchema, csrfToken: z.string() });
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const csrfResponseSchema = z.object({ csrfToken: z.string() });
export type CsrfResponse = z.infer<typeof csrfResponseSchema>;

export const meResponseSchema = z.object({ user: userSchema });
export type MeResponse = z.infer<typeof meResponseSchema>;

/** The signed-in user's own account, as `GET/PATCH /me/profile` show it. */
export const profileSchema = userSchema;
export type Profile = z.infer<typeof profileSchema>;

/** What a user may change about themselves: the language the product speaks to them, and their name. */
export const patchProfileBodySchema = z.object({
  locale: localeSchema.optional(),
  name: z.string().trim().min(1).max(100).optional(),
});
export type PatchProfileBody = z.infer<typeof patchProfileBodySchema>;
