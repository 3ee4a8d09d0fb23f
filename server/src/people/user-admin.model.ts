import { hasRole, text, type Role, type Text } from '@skriptoteket/contracts';
import type { Actor } from '../shared/actor';

/** How long an admin's invitation link works. */
export const INVITATION_DAYS = 7;
/** How long a reset link sent by an admin works. */
export const ADMIN_RESET_HOURS = 24;

export type LinkPurpose = 'invitation' | 'password_reset';

export interface AccountLinkRecord {
  id: string;
  userId: string;
  purpose: LinkPurpose;
  tokenHash: string;
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export function linkLifetimeMs(purpose: LinkPurpose): number {
  return purpose === 'invitation' ? INVITATION_DAYS * 86_400_000 : ADMIN_RESET_HOURS * 3_600_000;
}

/**
 * Why `actor` may not give `target` (currently `currentRole`) the role `nextRole`, or null when allowed.
 * Admins manage users up to admin: they may not touch a superuser nor make anyone one; superusers may do
 * anything. Nobody changes their own role, so the platform never loses its last superuser by accident.
 */
export function roleChangeRefusal(
  actor: Actor,
  target: { id: string; role: Role },
  nextRole: Role,
): Text | null {
  if (actor.id === target.id)
    return text('Du kan inte ändra din egen roll.', 'You cannot change your own role.');
  if (!hasRole(actor.role, 'admin'))
    return text('Bara administratörer kan ändra roller.', 'Only administrators can change roles.');
  if (actor.role === 'superuser') return null;
  if (target.role === 'superuser' || nextRole === 'superuser')
    return text(
      'Bara en superanvändare kan ge eller ta bort rollen superanvändare.',
      'Only a superuser can grant or remove the superuser role.',
    );
  return null;
}

/** Why `actor` may not manage `target`'s account (activate, unlock, reset), or null when allowed. */
export function manageRefusal(actor: Actor, target: { id: string; role: Role }): Text | null {
  if (!hasRole(actor.role, 'admin'))
    return text('Bara administratörer kan hantera konton.', 'Only administrators can manage accounts.');
  if (target.role === 'superuser' && actor.role !== 'superuser')
    return text(
      'Bara en superanvändare kan hantera en superanvändares konto.',
      'Only a superuser can manage a superuser’s account.',
    );
  return null;
}

/** Which role a new account may be created with by `actor`. */
export function canCreateWithRole(actor: Actor, role: Role): boolean {
  return actor.role === 'superuser' || (actor.role === 'admin' && role !== 'superuser');
}

/** Login events are for superusers only (PRODUCT: "see login audit"). */
export function canSeeLoginEvents(actor: Actor): boolean {
  return actor.role === 'superuser';
}

export type LinkState = 'usable' | 'used' | 'expired';

export function linkState(link: Pick<AccountLinkRecord, 'usedAt' | 'expiresAt'>, now: Date): LinkState {
  if (link.usedAt) return 'used';
  return link.expiresAt > now ? 'usable' : 'expired';
}
