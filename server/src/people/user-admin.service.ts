import {
  text,
  type AdminUser,
  type CreateUserBody,
  type CreatedUser,
  type LoginEventItem,
  type PatchUserBody,
  type SentLink,
  type UserListQuery,
} from '@skriptoteket/contracts';
import type { AuditAction } from '@skriptoteket/contracts';
import type { Actor } from '../shared/actor';
import { conflict, forbidden, invalid, notFound } from '../shared/app-error';
import type { Clock, Logger, UnitOfWork } from '../shared/ports';
import { newId, newToken, sha256 } from '../shared/tokens';
import { isValidEmail, normalizeEmail, type UserRecord } from '../identity/identity.model';
import type { PasswordHasher } from '../identity/identity.ports';
import {
  canCreateWithRole,
  canSeeLoginEvents,
  linkLifetimeMs,
  manageRefusal,
  roleChangeRefusal,
  type LinkPurpose,
} from './user-admin.model';
import type { AccountMail, AdminUserRow, PageUrl, UserAdminRepos } from './user-admin.ports';

export const USER_NOT_FOUND = text('Användaren finns inte.', 'The user does not exist.');

export interface UserAdminServiceDeps {
  uow: UnitOfWork<UserAdminRepos>;
  hasher: PasswordHasher;
  clock: Clock;
  mail: AccountMail;
  pageUrl: PageUrl;
  log: Logger;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** User administration for admins and superusers: find, invite, change role, (de)activate, unlock, reset. */
export class UserAdminService {
  constructor(private readonly deps: UserAdminServiceDeps) {}

  async listUsers(actor: Actor, query: UserListQuery): Promise<Page<AdminUser>> {
    requireAdmin(actor);
    const rows = await this.deps.uow.run((repos) =>
      repos.admin.list({
        ...(query.q ? { q: query.q } : {}),
        ...(query.cursor ? { afterEmail: query.cursor } : {}),
        limit: query.limit + 1,
      }),
    );
    const now = this.deps.clock.now();
    const items = rows.slice(0, query.limit).map((row) => presentUser(row, now));
    return { items, nextCursor: rows.length > query.limit ? items.at(-1)!.email : null };
  }

  async getUser(actor: Actor, userId: string): Promise<AdminUser> {
    requireAdmin(actor);
    const row = await this.deps.uow.run((repos) => repos.admin.findRowById(userId));
    if (!row) throw notFound(USER_NOT_FOUND);
    return presentUser(row, this.deps.clock.now());
  }

  /** Creates the account without a usable password and sends its owner a link to choose one. */
  async createUser(actor: Actor, body: CreateUserBody): Promise<CreatedUser> {
    requireAdmin(actor);
    if (!canCreateWithRole(actor, body.role))
      throw forbidden(
        text(
          'Bara en superanvändare kan skapa en superanvändare.',
          'Only a superuser can create a superuser.',
        ),
      );
    const email = normalizeEmail(body.email);
    const message = text('Ogiltig e-postadress.', 'Invalid email address.');
    if (!isValidEmail(email)) throw invalid(message, [{ path: ['email'], message }]);
    const now = this.deps.clock.now();
    const user: UserRecord = {
      id: newId(),
      email,
      name: body.name || email.split('@')[0]!,
      role: body.role,
      locale: body.locale,
      passwordHash: await this.deps.hasher.hash(newToken()),
      isActive: true,
      failedLoginCount: 0,
      lockedUntil: null,
      emailVerifiedAt: null, // verified when the invitation link is used
      mustChangePassword: false,
      createdAt: now,
      updatedAt: now,
    };
    const token = await this.deps.uow.run(async (repos) => {
      if (await repos.users.findByEmail(email))
        throw conflict(
          text(
            'Det finns redan ett konto med den e-postadressen.',
            'An account with that email address already exists.',
          ),
        );
      await repos.users.insert(user);
      await this.audit(repos, actor, 'user.created', user, { role: user.role });
      return this.issueLink(repos, actor, user.id, 'invitation', now);
    });
    const invitation = await this.mailLink(actor, user, 'invitation', token, now);
    return { user: presentUser({ ...user, isInvitationPending: true }, now), invitation };
  }

  async patchUser(actor: Actor, userId: string, patch: PatchUserBody): Promise<AdminUser> {
    const now = this.deps.clock.now();
    await this.deps.uow.run(async (repos) => {
      const user = await this.requireManageable(repos, actor, userId);
      if (patch.role !== undefined && patch.role !== user.role) {
        const refusal = roleChangeRefusal(actor, user, patch.role);
        if (refusal) throw forbidden(refusal);
        await repos.users.updateRole(userId, patch.role, now);
        await this.audit(repos, actor, 'user.role_changed', user, { from: user.role, to: patch.role });
      }
      if (patch.isActive !== undefined && patch.isActive !== user.isActive) {
        if (userId === actor.id)
          throw conflict(
            text('Du kan inte inaktivera ditt eget konto.', 'You cannot deactivate your own account.'),
          );
        await repos.admin.setActive(userId, patch.isActive, now);
        // Deactivation signs the person out everywhere at once; the session check also refuses inactive users.
        if (!patch.isActive) await repos.sessions.revokeAllForUser(userId, now);
        await this.audit(repos, actor, patch.isActive ? 'user.reactivated' : 'user.deactivated', user, {});
      }
    });
    return this.getUser(actor, userId);
  }

  async unlock(actor: Actor, userId: string): Promise<AdminUser> {
    await this.deps.uow.run(async (repos) => {
      const user = await this.requireManageable(repos, actor, userId);
      await repos.users.updateLoginState(userId, { failedLoginCount: 0, lockedUntil: null });
      await this.audit(repos, actor, 'user.unlocked', user, {
        wasLockedUntil: user.lockedUntil?.toISOString() ?? null,
      });
    });
    return this.getUser(actor, userId);
  }

  /** Sends a link to set a new password; to someone who never accepted their invitation, a new invitation. */
  async sendReset(actor: Actor, userId: string): Promise<SentLink> {
    const now = this.deps.clock.now();
    const { user, purpose, token } = await this.deps.uow.run(async (repos) => {
      const user = await this.requireManageable(repos, actor, userId);
      if (!user.isActive)
        throw conflict(
          text(
            'Kontot är inaktiverat. Aktivera det först.',
            'The account is deactivated. Reactivate it first.',
          ),
        );
      const row = await repos.admin.findRowById(userId);
      const purpose: LinkPurpose = row?.isInvitationPending ? 'invitation' : 'password_reset';
      const token = await this.issueLink(repos, actor, userId, purpose, now);
      await this.audit(repos, actor, 'user.reset_sent', user, { purpose });
      return { user, purpose, token };
    });
    return this.mailLink(actor, user, purpose, token, now);
  }

  async loginEvents(
    actor: Actor,
    userId: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<LoginEventItem>> {
    if (!canSeeLoginEvents(actor))
      throw forbidden(
        text('Bara superanvändare ser inloggningar.', 'Only superusers can see sign-in events.'),
      );
    const beforeId = page.cursor === undefined ? undefined : Number(page.cursor);
    if (beforeId !== undefined && !Number.isSafeInteger(beforeId))
      throw invalid(text('Ogiltig sidmarkör.', 'Invalid page cursor.'));
    const rows = await this.deps.uow.run(async (repos) => {
      if (!(await repos.users.findById(userId))) throw notFound(USER_NOT_FOUND);
      return repos.loginEvents.listForUser(userId, {
        ...(beforeId ? { beforeId } : {}),
        limit: page.limit + 1,
      });
    });
    const items = rows.slice(0, page.limit).map((event) => ({
      id: event.id,
      outcome: event.outcome,
      ip: event.ip,
      userAgent: event.userAgent,
      createdAt: event.createdAt.toISOString(),
    }));
    return { items, nextCursor: rows.length > page.limit ? String(items.at(-1)!.id) : null };
  }

  private async requireManageable(repos: UserAdminRepos, actor: Actor, userId: string) {
    requireAdmin(actor);
    const user = await repos.admin.findByIdForUpdate(userId);
    if (!user) throw notFound(USER_NOT_FOUND);
    const refusal = manageRefusal(actor, user);
    if (refusal) throw forbidden(refusal);
    return user;
  }

  private async issueLink(
    repos: UserAdminRepos,
    actor: Actor,
    userId: string,
    purpose: LinkPurpose,
    now: Date,
  ): Promise<string> {
    const token = newToken();
    await repos.links.retireUnused(userId, now);
    await repos.links.insert({
      id: newId(),
      userId,
      purpose,
      tokenHash: sha256(token),
      createdBy: actor.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + linkLifetimeMs(purpose)),
      usedAt: null,
    });
    return token;
  }

  /** A mail that cannot be sent is logged, not thrown: the account change stands and the link can be re-sent. */
  private async mailLink(
    actor: Actor,
    user: UserRecord,
    purpose: LinkPurpose,
    token: string,
    now: Date,
  ): Promise<SentLink> {
    const expiresAt = new Date(now.getTime() + linkLifetimeMs(purpose));
    const url = this.deps.pageUrl(`/set-password?token=${encodeURIComponent(token)}`);
    const to = { email: user.email, name: user.name, locale: user.locale };
    try {
      if (purpose === 'invitation') {
        const inviter = await this.deps.uow.run((repos) => repos.users.findById(actor.id));
        await this.deps.mail.invitation(to, {
          url,
          expiresAt,
          invitedBy: inviter?.name ?? '',
          role: user.role,
        });
      } else {
        await this.deps.mail.passwordReset(to, { url, expiresAt });
      }
    } catch (error) {
      this.deps.log.error({ err: error, userId: user.id, purpose }, 'could not send an account link');
    }
    return { sentTo: user.email, expiresAt: expiresAt.toISOString() };
  }

  private async audit(
    repos: UserAdminRepos,
    actor: Actor,
    action: AuditAction,
    user: UserRecord,
    details: Record<string, unknown>,
  ): Promise<void> {
    await repos.audit.append({
      toolId: null,
      actorId: actor.id,
      action,
      details: { userId: user.id, email: user.email, name: user.name, ...details },
      createdAt: this.deps.clock.now(),
    });
  }
}

function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin' && actor.role !== 'superuser')
    throw forbidden(
      text('Bara administratörer kan hantera konton.', 'Only administrators can manage accounts.'),
    );
}

export function presentUser(row: AdminUserRow, now: Date): AdminUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    locale: row.locale,
    isActive: row.isActive,
    lockedUntil: row.lockedUntil && row.lockedUntil > now ? row.lockedUntil.toISOString() : null,
    isInvitationPending: row.isInvitationPending,
    createdAt: row.createdAt.toISOString(),
  };
}
