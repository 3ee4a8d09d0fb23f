import { z } from 'zod';

import { localeSchema, roleSchema } from './identity';
import { personSchema } from './governance';

const cursorQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(300).optional(),
};
const page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** A user as the user administration shows them. */
export const adminUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  locale: localeSchema,
  isActive: z.boolean(),
  /** When the account is locked after failed sign-ins, until when; otherwise null. */
  lockedUntil: z.string().nullable(),
  /** Invited and has not yet set a password. */
  isInvitationPending: z.boolean(),
  createdAt: z.string(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const userListQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  ...cursorQuery,
});
export type UserListQuery = z.infer<typeof userListQuerySchema>;
export const userListSchema = page(adminUserSchema);

export const createUserBodySchema = z.object({
  email: z.string().trim().min(3).max(320),
  name: z.string().trim().max(100).default(''),
  role: roleSchema.default('user'),
  locale: localeSchema.default('sv'),
});
export type CreateUserBody = z.infer<typeof createUserBodySchema>;

/** What an admin may change about someone else's account. */
export const patchUserBodySchema = z
  .object({ role: roleSchema, isActive: z.boolean() })
  .partial()
  .refine((body) => body.role !== undefined || body.isActive !== undefined, {
    message: 'role or isActive',
  });
export type PatchUserBody = z.infer<typeof patchUserBodySchema>;

/** Where a single-use link was sent and until when it works. */
export const sentLinkSchema = z.object({ sentTo: z.string(), expiresAt: z.string() });
export type SentLink = z.infer<typeof sentLinkSchema>;

export const createdUserSchema = z.object({ user: adminUserSchema, invitation: sentLinkSchema });
export type CreatedUser = z.infer<typeof createdUserSchema>;

export const loginOutcomes = ['success', 'failure', 'locked', 'inactive'] as const;
export const loginEventSchema = z.object({
  id: z.number().int(),
  outcome: z.enum(loginOutcomes),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: z.string(),
});
export type LoginEventItem = z.infer<typeof loginEventSchema>;
export const loginEventQuerySchema = z.object(cursorQuery);
export const loginEventListSchema = page(loginEventSchema);

/** Setting a password from an invitation or reset link sent by an admin. */
export const setPasswordBodySchema = z.object({
  token: z.string().min(10).max(200),
  password: z.string().min(1).max(1024),
});
export const setPasswordResponseSchema = z.object({ email: z.string() });

export const suggestionStatuses = ['pending', 'accepted', 'declined'] as const;
export type SuggestionStatus = (typeof suggestionStatuses)[number];

export const suggestionSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  professions: z.array(z.string()),
  categories: z.array(z.string()),
  status: z.enum(suggestionStatuses),
  suggester: personSchema,
  createdAt: z.string(),
  decidedBy: personSchema.nullable(),
  decidedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
  /** The draft tool made when the suggestion was accepted. */
  tool: z.object({ id: z.string(), slug: z.string(), title: z.string() }).nullable(),
  /** A decision the suggester has not yet seen in the app. */
  isOutcomeNew: z.boolean(),
});
export type Suggestion = z.infer<typeof suggestionSchema>;
export const suggestionListSchema = page(suggestionSchema);

const taxonomySlugs = z.array(z.string().min(1).max(80)).min(1).max(20);

export const createSuggestionBodySchema = z.object({
  title: z.string().trim().min(3).max(120),
  description: z.string().trim().min(10).max(4000),
  professions: taxonomySlugs,
  categories: taxonomySlugs,
});
export type CreateSuggestionBody = z.infer<typeof createSuggestionBodySchema>;

export const suggestionListQuerySchema = z.object({
  status: z.enum(suggestionStatuses).optional(),
  ...cursorQuery,
});
export type SuggestionListQuery = z.infer<typeof suggestionListQuerySchema>;
export const mySuggestionListQuerySchema = z.object(cursorQuery);

export const suggestionDecisionBodySchema = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('accept'),
    title: z.string().trim().min(1).max(120).optional(),
    summary: z.string().trim().max(500).default(''),
    professions: taxonomySlugs,
    categories: taxonomySlugs,
  }),
  z.object({ decision: z.literal('decline'), reason: z.string().trim().min(3).max(2000) }),
]);
export type SuggestionDecisionBody = z.infer<typeof suggestionDecisionBodySchema>;
