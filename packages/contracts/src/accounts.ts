import { z } from 'zod';

import { localeSchema } from './identity';

const email = z.string().trim().min(1).max(320);
const password = z.string().min(1).max(1024);
const token = z.string().min(16).max(200);

/** Whether people may create their own accounts: `off`, `open`, or only for the listed e-mail domains. */
export const registrationModes = ['off', 'open', 'domains'] as const;
export type RegistrationMode = (typeof registrationModes)[number];

export const registrationInfoSchema = z.object({
  mode: z.enum(registrationModes),
  /** The e-mail domains that may register, when `mode` is `domains`. */
  domains: z.array(z.string()),
});
export type RegistrationInfo = z.infer<typeof registrationInfoSchema>;

export const registerBodySchema = z.object({
  email,
  password,
  name: z.string().trim().min(1).max(100),
  locale: localeSchema.optional(),
});
export type RegisterBody = z.infer<typeof registerBodySchema>;

/** Every request that could reveal whether an address has an account answers this, whatever happened. */
export const acceptedResponseSchema = z.object({ status: z.literal('accepted') });
export type AcceptedResponse = z.infer<typeof acceptedResponseSchema>;

export const tokenBodySchema = z.object({ token });
export type TokenBody = z.infer<typeof tokenBodySchema>;

export const verifyEmailResponseSchema = z.object({
  /** What the link confirmed: a new account's address, or a changed address. */
  kind: z.enum(['registration', 'email_change']),
  email: z.string(),
});
export type VerifyEmailResponse = z.infer<typeof verifyEmailResponseSchema>;

/** A new link: by the address, or by an expired link's token (the page that said "expired" offers this). */
export const resendVerificationBodySchema = z.union([z.object({ email }), z.object({ token })]);
export type ResendVerificationBody = z.infer<typeof resendVerificationBodySchema>;

export const forgotPasswordBodySchema = z.object({ email });
export type ForgotPasswordBody = z.infer<typeof forgotPasswordBodySchema>;

export const resetPasswordBodySchema = z.object({ token, password });
export type ResetPasswordBody = z.infer<typeof resetPasswordBodySchema>;

export const changePasswordBodySchema = z.object({ currentPassword: password, newPassword: password });
export type ChangePasswordBody = z.infer<typeof changePasswordBodySchema>;

export const changeEmailBodySchema = z.object({ newEmail: email, password });
export type ChangeEmailBody = z.infer<typeof changeEmailBodySchema>;

export const ownSessionSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The session this request came with. */
  isCurrent: z.boolean(),
});
export type OwnSession = z.infer<typeof ownSessionSchema>;

export const ownSessionsResponseSchema = z.object({ items: z.array(ownSessionSchema) });
export type OwnSessionsResponse = z.infer<typeof ownSessionsResponseSchema>;
