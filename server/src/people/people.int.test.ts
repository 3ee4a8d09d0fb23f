import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines } from '../../test/db';
import type { Database } from '../db/client';
import { DrizzleUnitOfWork } from '../db/unit-of-work';
import { Argon2PasswordHasher } from '../identity/argon2-hasher';
import { ManualClock, silentLogger } from '../shared/ports';
import { SuggestionsService } from '../suggestions/suggestions.service';
import { suggestionRepos } from '../suggestions/suggestions.repo';
import { CapturingMail } from '../../test/fakes/captured-mail';
import { PasswordLinksService } from './password-links.service';
import { UserAdminService } from './user-admin.service';
import { userAdminRepos } from './user-admin.repo';

const superuser = { id: '', role: 'superuser' as const };

describe.each(testEngines())('user administration and suggestions with real SQL on %s', (engine) => {
  let database: Database;
  afterEach(async () => {
    await database.close();
  });

  async function setUp() {
    database = await openTestDatabase(engine);
    const clock = new ManualClock();
    const mail = new CapturingMail();
    const hasher = new Argon2PasswordHasher();
    const uow = new DrizzleUnitOfWork(database.db, userAdminRepos);
    const pageUrl = (path: string) => `https://skolan.example${path}`;
    const admin = new UserAdminService({ uow, hasher, clock, mail, pageUrl, log: silentLogger });
    const links = new PasswordLinksService({ uow, hasher, clock });
    const suggestions = new SuggestionsService({
      uow: new DrizzleUnitOfWork(database.db, suggestionRepos),
      clock,
      mail,
      pageUrl,
      log: silentLogger,
    });
    const now = clock.now();
    superuser.id = '00000000-0000-4000-8000-0000000000aa';
    await userAdminRepos(database.db).users.insert({
      id: superuser.id,
      email: 'super@skola.se',
      name: 'Super',
      role: 'superuser',
      locale: 'sv',
      passwordHash: 'x',
      isActive: true,
      failedLoginCount: 0,
      lockedUntil: null,
      emailVerifiedAt: now,
      mustChangePassword: false,
      createdAt: now,
      updatedAt: now,
    });
    return { clock, mail, admin, links, suggestions };
  }

  it('uses an invitation link once even when two requests race for it', async () => {
    const { mail, admin, links } = await setUp();
    await admin.createUser(superuser, { email: 'ny@skola.se', name: '', role: 'user', locale: 'en' });
    const token = mail.lastToken('ny@skola.se');
    expect(mail.sent[0]!.url.startsWith('https://skolan.example/set-password?token=')).toBe(true);
    const results = await Promise.allSettled([
      links.setPassword(token, 'forsta-langa-losenordet'),
      links.setPassword(token, 'andra-langa-losenordet'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({
      reason: { code: 'VALIDATION_ERROR', details: { reason: 'LINK_USED' } },
    });
    const [row] = (await admin.listUsers(superuser, { q: 'ny@', limit: 10 })).items;
    expect(row).toMatchObject({ email: 'ny@skola.se', locale: 'en', isInvitationPending: false });
  });

  it('searches with % and _ taken literally, and pages by e-mail', async () => {
    const { admin } = await setUp();
    for (const email of ['a_b@skola.se', 'axb@skola.se', 'procent%@skola.se'])
      await admin.createUser(superuser, { email, name: '', role: 'user', locale: 'sv' });
    const emails = async (q: string) =>
      (await admin.listUsers(superuser, { q, limit: 10 })).items.map((u) => u.email);
    expect(await emails('a_b')).toEqual(['a_b@skola.se']);
    expect(await emails('%')).toEqual(['procent%@skola.se']);
    const first = await admin.listUsers(superuser, { limit: 2 });
    const second = await admin.listUsers(superuser, { limit: 2, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((u) => u.email)).toEqual([
      'a_b@skola.se',
      'axb@skola.se',
      'procent%@skola.se',
      'super@skola.se',
    ]);
  });

  it('decides a suggestion once when two admins decide at the same moment, and pages ties by id', async () => {
    const { admin, suggestions } = await setUp();
    const { user } = await admin.createUser(superuser, {
      email: 'bidrag@skola.se',
      name: 'Bidrag',
      role: 'contributor',
      locale: 'sv',
    });
    const contributor = { id: user.id, role: 'contributor' as const };
    const body = {
      title: 'Gruppindelning',
      description: 'Delar klassen i grupper.',
      professions: ['larare'],
      categories: ['lektionsplanering'],
    };
    const made = [];
    for (let i = 0; i < 3; i++)
      made.push(await suggestions.submit(contributor, { ...body, title: `Idé ${i}` }));
    const page1 = await suggestions.listMine(contributor, { limit: 2 });
    const page2 = await suggestions.listMine(contributor, { limit: 2, cursor: page1.nextCursor! });
    expect([...page1.items, ...page2.items].map((s) => s.id).sort()).toEqual(made.map((s) => s.id).sort());

    const accept = {
      decision: 'accept' as const,
      summary: '',
      professions: ['larare'],
      categories: ['övrigt'],
    };
    const results = await Promise.allSettled([
      suggestions.decide(superuser, made[0]!.id, { ...accept, categories: ['administration'] }),
      suggestions.decide(superuser, made[0]!.id, { decision: 'decline', reason: 'Nej tack.' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });
    const mine = (await suggestions.listMine(contributor, { limit: 10 })).items;
    expect(mine.filter((s) => s.status !== 'pending')).toHaveLength(1);
  });
});
