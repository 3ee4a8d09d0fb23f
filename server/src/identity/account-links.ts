import { text } from '@skriptoteket/contracts';
import { AppError } from '../shared/app-error';
import type { Clock } from '../shared/ports';
import { newId, newToken, sha256 } from '../shared/tokens';
import type { AccountTokenPurpose, AccountTokenRecord, AccountTokenRepo } from './identity.ports';

export interface LinkPolicy {
  /** Where the web app is, e.g. `https://skriptoteket.skola.se` (no trailing slash). */
  baseUrl: string;
  verifyHours: number;
  resetHours: number;
}

const PAGE_BY_PURPOSE: Record<AccountTokenPurpose, string> = {
  verify_email: '/verify',
  change_email: '/verify',
  reset_password: '/reset-password',
};

export const hoursFor = (policy: LinkPolicy, purpose: AccountTokenPurpose): number =>
  purpose === 'reset_password' ? policy.resetHours : policy.verifyHours;

/** Stores the hash of a new single-use token and returns the link that carries the token itself. */
export async function issueLink(
  deps: { tokens: AccountTokenRepo; clock: Clock; links: LinkPolicy },
  userId: string,
  purpose: AccountTokenPurpose,
  newEmail: string | null = null,
): Promise<string> {
  const token = newToken();
  const now = deps.clock.now();
  await deps.tokens.insert({
    id: newId(),
    userId,
    purpose,
    tokenHash: sha256(token),
    newEmail,
    createdAt: now,
    expiresAt: new Date(now.getTime() + hoursFor(deps.links, purpose) * 3_600_000),
    usedAt: null,
  });
  return `${deps.links.baseUrl}${PAGE_BY_PURPOSE[purpose]}?token=${encodeURIComponent(token)}`;
}

/**
 * Uses a link once: the token is consumed by one conditional UPDATE, so of two concurrent uses only one wins.
 * An expired link and a used or unknown one fail with different, explained codes.
 */
export async function consumeLink(
  deps: { tokens: AccountTokenRepo; clock: Clock },
  token: string,
  purposes: AccountTokenPurpose[],
): Promise<AccountTokenRecord> {
  const now = deps.clock.now();
  const hash = sha256(token);
  const consumed = await deps.tokens.consume(hash, purposes, now);
  if (consumed) return consumed;
  const found = await deps.tokens.findByHash(hash);
  if (found && purposes.includes(found.purpose) && !found.usedAt && found.expiresAt <= now) {
    throw new AppError(
      'LINK_EXPIRED',
      text(
        'Länken har gått ut. Be om en ny länk, så skickar vi den till din e-post.',
        'The link has expired. Ask for a new link and we will send it to your email.',
      ),
      { purpose: found.purpose },
    );
  }
  throw new AppError(
    'LINK_INVALID',
    text(
      'Länken har redan använts eller är inte giltig. Varje länk fungerar bara en gång.',
      'The link has already been used or is not valid. Each link works only once.',
    ),
  );
}
