import { z } from 'zod';

/** Roles in ascending order of power; each has everything the one before has. */
export const roles = ['user', 'contributor', 'admin', 'superuser'] as const;
export type Role = (typeof roles)[number];
export const roleSchema = z.enum(roles);

export function roleRank(role: Role): number {
  return roles.indexOf(role);
}

export function hasRole(actual: Role, required: Role): boolean {
  return roleRank(actual) >= roleRank(required);
}

export const locales = ['sv', 'en'] as const;
export type Locale = (typeof locales)[number];
export const localeSchema = z.enum(locales);

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  locale: localeSchema,
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
