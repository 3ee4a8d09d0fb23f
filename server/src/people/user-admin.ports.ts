import type { Locale, Role } from '@skriptoteket/contracts';
import type { AuditRepo } from '../authoring/authoring.ports';
import type { UserRecord } from '../identity/identity.model';
import type { LoginEvent, SessionRepo, UserRepo } from '../identity/identity.ports';
import type { AccountLinkRecord } from './user-admin.model';

export interface AdminUserRow extends UserRecord {
  isInvitationPending: boolean;
}

export interface UserAdminRepo {
  /** Ordered by e-mail; `q` matches name or e-mail anywhere, case-insensitively; `afterEmail` continues. */
  list(filter: { q?: string; afterEmail?: string; limit: number }): Promise<AdminUserRow[]>;
  findRowById(id: string): Promise<AdminUserRow | null>;
  /** Locks the user's row for the rest of the transaction. */
  findByIdForUpdate(id: string): Promise<UserRecord | null>;
  setActive(id: string, isActive: boolean, at: Date): Promise<void>;
  markEmailVerified(id: string, at: Date): Promise<void>;
}

export interface AccountLinkRepo {
  insert(link: AccountLinkRecord): Promise<void>;
  /** Marks the link used if it is usable at `now`; the link when this call used it, else null. */
  consume(tokenHash: string, now: Date): Promise<AccountLinkRecord | null>;
  findByTokenHash(tokenHash: string): Promise<AccountLinkRecord | null>;
  /** Ends every unused link of the user (a newer one replaces them, or the password was just set). */
  retireUnused(userId: string, at: Date): Promise<void>;
}

export interface StoredLoginEvent extends LoginEvent {
  id: number;
}

export interface LoginEventReadRepo {
  /** Newest first; `beforeId` continues. */
  listForUser(userId: string, filter: { beforeId?: number; limit: number }): Promise<StoredLoginEvent[]>;
}

export interface UserAdminRepos {
  users: UserRepo;
  admin: UserAdminRepo;
  sessions: SessionRepo;
  links: AccountLinkRepo;
  loginEvents: LoginEventReadRepo;
  audit: AuditRepo;
}

export interface Recipient {
  email: string;
  name: string;
  locale: Locale;
}

/** The mails user administration sends (PeopleMail: through the platform's mailer, SMTP or the outbox). */
export interface AccountMail {
  invitation(
    to: Recipient,
    link: { url: string; expiresAt: Date; invitedBy: string; role: Role },
  ): Promise<void>;
  passwordReset(to: Recipient, link: { url: string; expiresAt: Date }): Promise<void>;
}

/** Builds the absolute address of an app page, e.g. `/set-password?token=…`. */
export type PageUrl = (pathWithQuery: string) => string;
