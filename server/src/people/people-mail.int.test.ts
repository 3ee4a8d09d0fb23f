import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TEST_PASSWORD, type TestClient, type TestContext } from '../../test/api-harness';
import { SmtpCapture, type CapturedMail } from '../../test/smtp-capture';
import { createMailer } from '../mail/create-mailer';
import { smtpSettingsFrom } from '../mail/smtp-settings';
import { ManualClock, silentLogger } from '../shared/ports';
import { PeopleMail } from './people-mail';

const sv = { email: 'asa@skola.se', name: 'Åsa Lärare', locale: 'sv' as const };
const en = { email: 'sam@skola.se', name: 'Sam Teacher', locale: 'en' as const };
const HOUR = 3_600_000;

/** Every absolute link in the plain-text part. */
const linksIn = (mail: CapturedMail) => mail.text.match(/https?:\/\/\S+/g) ?? [];

/** The one link of the mail: in the text, and as the button's target in the HTML part. */
function theLink(mail: CapturedMail): URL {
  const links = linksIn(mail);
  expect(links).toHaveLength(1);
  expect(mail.html).toContain(`href="${links[0]!.replace(/&/g, '&amp;')}"`);
  return new URL(links[0]!);
}

describe('PeopleMail over a real SMTP server', () => {
  const smtp = new SmtpCapture();
  // Far from the real time: the validity a mail states must follow the clock the link was issued by.
  const clock = new ManualClock(new Date('2031-03-02T08:00:00Z'));
  let people: PeopleMail;
  let close: () => Promise<void>;

  beforeAll(async () => {
    await smtp.start();
    const { mailer, transport } = createMailer(
      { smtp: smtpSettingsFrom({ url: smtp.url }), from: 'Skriptoteket <no-reply@skola.se>', outboxDir: '' },
      silentLogger,
      new Registry(),
    );
    people = new PeopleMail(mailer, clock);
    close = async () => transport.close?.();
  });
  afterAll(async () => {
    await close();
    await smtp.stop();
  });

  /** Sends one mail to each recipient and returns what arrived, in the order [sv, en]. */
  async function deliver(send: (to: typeof sv | typeof en) => Promise<void>): Promise<CapturedMail[]> {
    const before = smtp.mails.length;
    const toEnBefore = smtp.mails.filter((m) => m.to.includes(en.email)).length;
    await send(sv);
    await send(en);
    await smtp.waitFor(en.email, toEnBefore + 1);
    const arrived = smtp.mails.slice(before);
    expect(arrived.map((m) => m.to)).toEqual([[sv.email], [en.email]]);
    for (const mail of arrived) {
      expect(mail.from).toBe('no-reply@skola.se');
      expect(mail.text.trim()).not.toBe('');
      expect(mail.html).toMatch(/^<!doctype html>/);
    }
    return arrived;
  }

  it('invites in the recipient’s language, naming who invited them and how long the link works', async () => {
    const url = 'http://skriptoteket.test/set-password?token=inbjudan';
    const expiresAt = new Date(clock.now().getTime() + 7 * 24 * HOUR);
    const [toSv, toEn] = await deliver((to) =>
      people.invitation(to, { url, expiresAt, invitedBy: 'Rektor Rut', role: 'contributor' }),
    );
    expect(toSv!.subject).toBe('Du har bjudits in till Skriptoteket');
    expect(toSv!.text).toContain('Rektor Rut har skapat ett konto åt dig i Skriptoteket');
    expect(toSv!.text).toContain('kan du köra skolans verktyg och skriva egna, som granskas innan');
    expect(toSv!.text).toContain('Länken gäller i 7 dagar och kan bara användas en gång.');
    expect(toSv!.html).toContain('lang="sv"');
    expect(toSv!.html).toContain('>Välj lösenord</a>');
    expect(toEn!.subject).toBe('You have been invited to Skriptoteket');
    expect(toEn!.text).toContain('Rektor Rut has created an account for you in Skriptoteket');
    expect(toEn!.text).toContain("you can run the school's tools and write your own");
    expect(toEn!.text).toContain('The link is valid for 7 days and can be used only once.');
    expect(toEn!.html).toContain('lang="en"');
    expect(toEn!.html).toContain('>Choose a password</a>');
    for (const mail of [toSv!, toEn!]) expect(theLink(mail).toString()).toBe(url);
  });

  it('sends an administrator’s reset link, saying an administrator sent it', async () => {
    const url = 'http://skriptoteket.test/set-password?token=aterstall';
    const expiresAt = new Date(clock.now().getTime() + 24 * HOUR);
    const [toSv, toEn] = await deliver((to) => people.passwordReset(to, { url, expiresAt }));
    expect(toSv!.subject).toBe('Välj ett nytt lösenord för Skriptoteket');
    expect(toSv!.text).toContain('Hej Åsa Lärare!');
    expect(toSv!.text).toContain('En administratör har skickat dig en länk för att välja ett nytt lösenord');
    expect(toSv!.text).toContain('Länken gäller i 24 timmar');
    expect(toSv!.html).toContain('>Välj nytt lösenord</a>');
    expect(toEn!.subject).toBe('Choose a new password for Skriptoteket');
    expect(toEn!.text).toContain('Hello Sam Teacher,');
    expect(toEn!.text).toContain('An administrator has sent you a link to choose a new password');
    expect(toEn!.text).toContain('The link is valid for 24 hours');
    expect(toEn!.html).toContain('>Choose a new password</a>');
    for (const mail of [toSv!, toEn!]) expect(theLink(mail).toString()).toBe(url);
  });

  it('tells the suggester a suggestion was accepted, and where the draft is', async () => {
    const url = 'http://skriptoteket.test/my/suggestions';
    const [toSv, toEn] = await deliver((to) =>
      people.decided(to, { title: 'Läxkalender <v2>', status: 'accepted', reason: null, url }),
    );
    expect(toSv!.subject).toBe('Ditt förslag ”Läxkalender <v2>” har godkänts');
    expect(toSv!.text).toContain('Utkastet finns under Mina verktyg');
    expect(toSv!.text).not.toContain('Motivering');
    expect(toSv!.html).toContain('Läxkalender &lt;v2&gt;');
    expect(toSv!.html).not.toContain('<v2>');
    expect(toEn!.subject).toBe('Your suggestion “Läxkalender <v2>” was accepted');
    expect(toEn!.text).toContain('The draft is under My tools');
    expect(toEn!.html).toContain('>View the suggestion</a>');
    for (const mail of [toSv!, toEn!]) expect(theLink(mail).toString()).toBe(url);
  });

  it('tells the suggester a suggestion was declined, with the reason', async () => {
    const url = 'http://skriptoteket.test/my/suggestions';
    const reason = 'Det finns redan i Skola24 & i lärplattformen.';
    const [toSv, toEn] = await deliver((to) =>
      people.decided(to, { title: 'Schemaläggare', status: 'declined', reason, url }),
    );
    expect(toSv!.subject).toBe('Ditt förslag ”Schemaläggare” har avböjts');
    expect(toSv!.text).toContain('Förslaget blir inte ett verktyg den här gången.');
    expect(toSv!.text).toContain(`Motivering: ${reason}`);
    expect(toSv!.html).toContain('Motivering: Det finns redan i Skola24 &amp; i lärplattformen.');
    expect(toSv!.html).toContain('>Visa förslaget</a>');
    expect(toEn!.subject).toBe('Your suggestion “Schemaläggare” was declined');
    expect(toEn!.text).toContain(`Reason: ${reason}`);
    for (const mail of [toSv!, toEn!]) expect(theLink(mail).toString()).toBe(url);
  });
});

describe('the links in user administration and suggestion mails', () => {
  const smtp = new SmtpCapture();
  let ctx: TestContext;
  let admin: TestClient;

  beforeAll(async () => {
    await smtp.start();
    // No public URL and a server listening on every interface: the links must still name a host one can open,
    // the same one the self-service account mails use.
    ctx = await createTestContext({
      env: { SMTP_URL: smtp.url, HOST: '0.0.0.0', PORT: '4321', SKRIPTOTEKET_LOGIN_RATE_PER_MINUTE: '1000' },
    });
    admin = await ctx.signedIn('admin', 'rektor@skola.se');
  });
  afterAll(async () => {
    await ctx.close();
    await smtp.stop();
  });

  const newest = async (to: string, count: number) => (await smtp.waitFor(to, count)).at(-1)!;
  const setPassword = (link: URL, password: string) =>
    ctx.client().post('/api/v1/auth/set-password', { token: link.searchParams.get('token'), password });

  it('invites with a link to the set-password page that works once, then sends a reset link that works too', async () => {
    expect(ctx.config.accounts.links.baseUrl).toBe('http://localhost:4321');
    const created = await admin.post('/api/v1/admin/users', {
      email: 'ny@skola.se',
      name: 'Ny Person',
      role: 'contributor',
      locale: 'en',
    });
    expect(created.statusCode, created.body).toBe(201);

    const invitation = await newest('ny@skola.se', 1);
    expect(invitation.subject).toBe('You have been invited to Skriptoteket');
    expect(invitation.text).toContain('Test admin has created an account for you');
    const link = theLink(invitation);
    expect(`${link.origin}${link.pathname}`).toBe('http://localhost:4321/set-password');
    expect((await setPassword(link, TEST_PASSWORD)).json()).toEqual({ email: 'ny@skola.se' });
    expect((await setPassword(link, 'ett-annat-langt-losenord')).statusCode).toBe(422);
    const person = ctx.client();
    expect((await person.login('ny@skola.se', TEST_PASSWORD)).json().user).toMatchObject({
      role: 'contributor',
      locale: 'en',
    });

    const userId = created.json<{ user: { id: string } }>().user.id;
    expect((await admin.post(`/api/v1/admin/users/${userId}/send-reset`)).statusCode).toBe(200);
    const reset = await newest('ny@skola.se', 2);
    expect(reset.subject).toBe('Choose a new password for Skriptoteket');
    expect(reset.text).toContain('Hello Ny Person,');
    expect(reset.text).toContain('The link is valid for 24 hours');
    const resetLink = theLink(reset);
    expect(`${resetLink.origin}${resetLink.pathname}`).toBe('http://localhost:4321/set-password');
    expect((await setPassword(resetLink, 'ett-helt-nytt-losenord')).statusCode).toBe(200);
    expect((await person.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await ctx.client().login('ny@skola.se', 'ett-helt-nytt-losenord')).statusCode).toBe(200);
  });

  it('mails the decision on a suggestion with a link to the suggester’s list, where the outcome is', async () => {
    const maja = await ctx.signedIn('contributor', 'maja@skola.se');
    const suggest = async (title: string) =>
      (
        await maja.post('/api/v1/suggestions', {
          title,
          description: 'Samlar läxorna per vecka till en kalender.',
          professions: ['larare'],
          categories: ['lektionsplanering'],
        })
      ).json<{ id: string }>().id;
    const decide = (id: string, body: object) => admin.post(`/api/v1/admin/suggestions/${id}/decision`, body);

    const accepted = await suggest('Läxkalender');
    const decision = await decide(accepted, {
      decision: 'accept',
      summary: 'Läxor som kalender.',
      professions: ['larare'],
      categories: ['lektionsplanering'],
    });
    expect(decision.statusCode, decision.body).toBe(200);
    const acceptedMail = await newest('maja@skola.se', 1);
    expect(acceptedMail.subject).toBe('Ditt förslag ”Läxkalender” har godkänts');
    expect(acceptedMail.text).toContain('Hej Test contributor!');
    expect(theLink(acceptedMail).toString()).toBe('http://localhost:4321/my/suggestions');
    // What the page at the link shows: the outcome, and the draft tool.
    const mine = (await maja.get('/api/v1/me/suggestions')).json<{
      items: { id: string; status: string; isOutcomeNew: boolean; tool: { title: string } | null }[];
    }>().items;
    expect(mine.find((s) => s.id === accepted)).toMatchObject({
      status: 'accepted',
      isOutcomeNew: true,
      tool: { title: 'Läxkalender' },
    });

    const declined = await suggest('Schemaläggare');
    await decide(declined, { decision: 'decline', reason: 'Finns redan i Skola24.' });
    const declinedMail = await newest('maja@skola.se', 2);
    expect(declinedMail.subject).toBe('Ditt förslag ”Schemaläggare” har avböjts');
    expect(declinedMail.text).toContain('Motivering: Finns redan i Skola24.');
    expect(theLink(declinedMail).toString()).toBe('http://localhost:4321/my/suggestions');
  });
});
