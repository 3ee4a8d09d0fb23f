import type { Role } from '@skriptoteket/contracts';
import { hasRole } from '../../api/contract-values';

export interface NavItem {
  /** A path of an existing route. */
  to: string;
  /** i18n key of the link text. */
  labelKey: string;
  /** The lowest role that sees the link. */
  minRole: Role;
  /** The highest role that sees it, when those above have a better place (admins decide suggestions). */
  maxRole?: Role;
  /** Other link texts for some roles, e.g. "Mina verktyg" for contributors who only see their own tools. */
  labelKeyByRole?: Partial<Record<Role, string>>;
  /** Shows a count beside the text: the number of versions waiting for review. */
  count?: 'reviews';
  /** Other paths that belong to the entry's section, e.g. a tool's page under "Verktyg". */
  sectionPrefixes?: readonly string[];
}

/**
 * The main navigation, in display order. Adding a page is one line, e.g.
 * `{ to: '/admin/users', labelKey: 'nav.users', minRole: 'admin' }` — link only routes that exist.
 */
export const navItems: readonly NavItem[] = [
  { to: '/', labelKey: 'nav.home', minRole: 'user' },
  { to: '/browse', labelKey: 'nav.browse', minRole: 'user', sectionPrefixes: ['/tools/'] },
  { to: '/runs', labelKey: 'runPage.nav', minRole: 'user' },
  {
    to: '/admin/tools',
    labelKey: 'nav.manageTools',
    minRole: 'contributor',
    labelKeyByRole: { contributor: 'nav.myTools' },
  },
  { to: '/admin/reviews', labelKey: 'nav.reviews', minRole: 'admin', count: 'reviews' },
  { to: '/admin/audit', labelKey: 'nav.audit', minRole: 'admin' },
  {
    to: '/my/suggestions',
    labelKey: 'suggestions.navMine',
    minRole: 'contributor',
    maxRole: 'contributor',
    sectionPrefixes: ['/suggestions/'],
  },
  { to: '/admin/suggestions', labelKey: 'suggestions.navAdmin', minRole: 'admin' },
  { to: '/admin/users', labelKey: 'people.nav', minRole: 'admin' },
];

/** The entries a person with `role` may see; nothing when signed out. */
export function visibleNavItems(role: Role | null, items: readonly NavItem[] = navItems): NavItem[] {
  if (role === null) return [];
  return items.filter(
    (item) => hasRole(role, item.minRole) && (!item.maxRole || hasRole(item.maxRole, role)),
  );
}

/** The i18n key of an entry's text as `role` sees it. */
export function navLabelKey(item: NavItem, role: Role | null): string {
  return (role && item.labelKeyByRole?.[role]) ?? item.labelKey;
}

/** Whether `path` is a page below the entry (e.g. one tool under "Verktyg att förvalta"), not the entry itself. */
export function isInNavSection(item: NavItem, path: string): boolean {
  if (item.to === '/') return false;
  return [`${item.to}/`, ...(item.sectionPrefixes ?? [])].some((prefix) => path.startsWith(prefix));
}
