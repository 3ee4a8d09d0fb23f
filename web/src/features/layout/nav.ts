import type { Role } from '@skriptoteket/contracts';
import { hasRole } from '../../api/contract-values';

export interface NavItem {
  /** A path of an existing route. */
  to: string;
  /** i18n key of the link text. */
  labelKey: string;
  /** The lowest role that sees the link. */
  minRole: Role;
}

/**
 * The main navigation, in display order. Adding a page is one line, e.g.
 * `{ to: '/admin/tools', labelKey: 'nav.admin', minRole: 'admin' }` — link only routes that exist.
 */
export const navItems: readonly NavItem[] = [{ to: '/', labelKey: 'nav.home', minRole: 'user' }];

/** The entries a person with `role` may see; nothing when signed out. */
export function visibleNavItems(role: Role | null, items: readonly NavItem[] = navItems): NavItem[] {
  if (role === null) return [];
  return items.filter((item) => hasRole(role, item.minRole));
}
