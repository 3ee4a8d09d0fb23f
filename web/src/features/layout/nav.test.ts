import { describe, expect, it } from 'vitest';
import { isInNavSection, navItems, navLabelKey, visibleNavItems, type NavItem } from './nav';

const items: NavItem[] = [
  { to: '/', labelKey: 'nav.home', minRole: 'user' },
  { to: '/my/tools', labelKey: 'nav.myTools', minRole: 'contributor' },
  { to: '/admin/tools', labelKey: 'nav.admin', minRole: 'admin' },
  { to: '/admin/audit', labelKey: 'nav.audit', minRole: 'superuser' },
];

const paths = (list: NavItem[]) => list.map((item) => item.to);

describe('visibleNavItems', () => {
  it('shows nothing to someone who is signed out', () => {
    expect(visibleNavItems(null, items)).toEqual([]);
  });

  it('shows each role its own entries and those of the roles below it, in order', () => {
    expect(paths(visibleNavItems('user', items))).toEqual(['/']);
    expect(paths(visibleNavItems('contributor', items))).toEqual(['/', '/my/tools']);
    expect(paths(visibleNavItems('admin', items))).toEqual(['/', '/my/tools', '/admin/tools']);
    expect(paths(visibleNavItems('superuser', items))).toEqual([
      '/',
      '/my/tools',
      '/admin/tools',
      '/admin/audit',
    ]);
  });

  it('gives every signed-in user home, the tools and their runs, in that order, from the real config', () => {
    expect(paths(visibleNavItems('user', navItems))).toEqual(['/', '/browse', '/runs']);
    expect(navItems.find((item) => item.to === '/runs')?.labelKey).toBe('runPage.nav');
    expect(navItems.find((item) => item.to === '/browse')?.labelKey).toBe('nav.browse');
  });
});

describe('isInNavSection', () => {
  const browse = navItems.find((item) => item.to === '/browse')!;
  const manage = navItems.find((item) => item.to === '/admin/tools')!;
  const home = navItems.find((item) => item.to === '/')!;

  it('marks "Verktyg" on a tool page and a governance entry on the pages below it', () => {
    expect(isInNavSection(browse, '/tools/gruppgenerator')).toBe(true);
    expect(isInNavSection(manage, '/admin/tools/t1')).toBe(true);
    expect(isInNavSection(manage, '/tools/gruppgenerator')).toBe(false);
    expect(isInNavSection(home, '/tools/gruppgenerator')).toBe(false);
    expect(isInNavSection(browse, '/browse')).toBe(false);
  });
});

describe('the governance entries of the real config', () => {
  const labels = (role: Parameters<typeof visibleNavItems>[0]) =>
    visibleNavItems(role, navItems).map((item) => [item.to, navLabelKey(item, role)]);

  it('gives contributors their own tools, called "Mina verktyg"', () => {
    expect(labels('contributor')).toEqual([
      ['/', 'nav.home'],
      ['/browse', 'nav.browse'],
      ['/runs', 'runPage.nav'],
      ['/admin/tools', 'nav.myTools'],
      ['/my/suggestions', 'suggestions.navMine'],
    ]);
  });

  it('gives admins and superusers tools to manage, the review queue (with a count) and the audit log', () => {
    const expected = [
      ['/', 'nav.home'],
      ['/browse', 'nav.browse'],
      ['/runs', 'runPage.nav'],
      ['/admin/tools', 'nav.manageTools'],
      ['/admin/reviews', 'nav.reviews'],
      ['/admin/audit', 'nav.audit'],
      ['/admin/suggestions', 'suggestions.navAdmin'],
      ['/admin/users', 'people.nav'],
    ];
    expect(labels('admin')).toEqual(expected);
    expect(labels('superuser')).toEqual(expected);
    expect(navItems.find((item) => item.to === '/admin/reviews')?.count).toBe('reviews');
  });
});
