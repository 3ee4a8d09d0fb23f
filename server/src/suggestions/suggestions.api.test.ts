import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../test/api-harness';
import { CapturingMail } from '../../test/fakes/captured-mail';

type Client = TestClient & { user: { id: string; email: string; name: string } };
interface SuggestionBody {
  id: string;
  status: string;
  isOutcomeNew: boolean;
  declineReason: string | null;
  tool: { id: string; slug: string; title: string } | null;
}

const idea = {
  title: 'Närvarosammanställning',
  description: 'Räkna ut frånvaro per elev från exporten ur skolsystemet.',
  professions: ['larare'],
  categories: ['administration'],
};

describe('suggestions API', () => {
  let ctx: TestContext;
  let admin: Client;
  let maja: Client;
  let erik: Client;
  let teacher: Client;
  const mail = new CapturingMail();

  beforeAll(async () => {
    ctx = await createTestContext({ mail });
    admin = await ctx.signedIn('admin');
    maja = await ctx.signedIn('contributor', 'maja@skola.se');
    erik = await ctx.signedIn('contributor', 'erik@skola.se');
    teacher = await ctx.signedIn('user');
  });
  afterAll(async () => {
    await ctx.close();
  });

  const submit = async (client: Client, body: object = idea) => {
    ctx.clock.advance(1000);
    const response = await client.post('/api/v1/suggestions', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<SuggestionBody>();
  };
  const mine = async (client: Client) =>
    (await client.get('/api/v1/me/suggestions')).json<{ items: SuggestionBody[] }>().items;
  const decide = (id: string, body: object) => admin.post(`/api/v1/admin/suggestions/${id}/decision`, body);

  it('lets contributors suggest, with taxonomy from the list; a teacher may not', async () => {
    expect((await teacher.post('/api/v1/suggestions', idea)).statusCode).toBe(403);
    const unknown = await maja.post('/api/v1/suggestions', { ...idea, professions: ['astronaut'] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({
      error: { details: { issues: [{ path: ['professions'] }] } },
    });
    const created = await submit(maja);
    expect(created).toMatchObject({ status: 'pending', isOutcomeNew: false, tool: null });
    expect((await mine(maja)).map((s) => s.id)).toEqual([created.id]);
    expect(await mine(erik)).toEqual([]);
  });

  it('accepting creates a draft tool the suggester owns and maintains, and tells them by mail and in the app', async () => {
    const suggestion = await submit(maja, { ...idea, title: 'Frånvarolista per klass' });
    const listed = await admin.get('/api/v1/admin/suggestions?status=pending');
    expect(listed.json<{ items: SuggestionBody[] }>().items.map((s) => s.id)).toContain(suggestion.id);

    const accepted = await decide(suggestion.id, {
      decision: 'accept',
      title: 'Frånvaro per klass',
      summary: 'Sammanställer frånvaro.',
      professions: ['larare', 'rektor'],
      categories: ['administration'],
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const decided = accepted.json<SuggestionBody>();
    expect(decided).toMatchObject({ status: 'accepted', tool: { slug: 'franvaro-per-klass' } });

    const tool = (await maja.get(`/api/v1/admin/tools/${decided.tool!.id}`)).json<{
      status: string;
      owner: { id: string };
      maintainers: { id: string }[];
      professions: string[];
      categories: string[];
      canEdit: boolean;
    }>();
    expect(tool).toMatchObject({
      status: 'draft',
      owner: { id: maja.user.id },
      maintainers: [{ id: maja.user.id }],
      categories: ['administration'],
      canEdit: true,
    });
    expect(tool.professions.sort()).toEqual(['larare', 'rektor']);
    const myTools = (await maja.get('/api/v1/admin/tools')).json<{ items: { id: string }[] }>().items;
    expect(myTools.map((t) => t.id)).toEqual([decided.tool!.id]);
    expect((await erik.get(`/api/v1/admin/tools/${decided.tool!.id}`)).statusCode).toBe(404);

    expect(mail.sent.at(-1)).toMatchObject({
      kind: 'suggestion_decided',
      to: { email: 'maja@skola.se' },
      details: { status: 'accepted', title: 'Frånvarolista per klass' },
    });
    const news = (await mine(maja)).find((s) => s.id === suggestion.id)!;
    expect(news).toMatchObject({ status: 'accepted', isOutcomeNew: true });
    expect((await maja.post('/api/v1/me/suggestions/seen')).json()).toEqual({ marked: 1 });
    expect((await mine(maja)).every((s) => !s.isOutcomeNew)).toBe(true);

    const audit = (await admin.get(`/api/v1/admin/tools/${decided.tool!.id}/audit`)).json<{
      items: { action: string }[];
    }>();
    expect(audit.items.map((e) => e.action).sort()).toEqual(['suggestion.accepted', 'tool.created']);
  });

  it('declines with a reason the suggester reads; a decided suggestion cannot be decided again', async () => {
    const suggestion = await submit(erik, { ...idea, title: 'Schemaläggare' });
    expect((await decide(suggestion.id, { decision: 'decline' })).statusCode).toBe(422);
    const declined = await decide(suggestion.id, {
      decision: 'decline',
      reason: 'Det finns redan i Skola24.',
    });
    expect(declined.json()).toMatchObject({
      status: 'declined',
      declineReason: 'Det finns redan i Skola24.',
    });
    expect((await mine(erik))[0]).toMatchObject({
      status: 'declined',
      declineReason: 'Det finns redan i Skola24.',
      isOutcomeNew: true,
    });
    expect(mail.sent.at(-1)).toMatchObject({
      to: { email: 'erik@skola.se' },
      details: { status: 'declined' },
    });

    const again = await decide(suggestion.id, {
      decision: 'accept',
      professions: ['larare'],
      categories: ['administration'],
    });
    expect(again.statusCode).toBe(409);
    const audit = (await admin.get('/api/v1/admin/audit')).json<{ items: { action: string }[] }>();
    expect(audit.items[0]!.action).toBe('suggestion.declined');
  });

  it('refuses a decision with unknown taxonomy and leaves the suggestion pending', async () => {
    const suggestion = await submit(maja, { ...idea, title: 'Provbank' });
    const bad = await decide(suggestion.id, {
      decision: 'accept',
      professions: ['larare'],
      categories: ['finns-inte'],
    });
    expect(bad.statusCode).toBe(422);
    expect((await admin.get(`/api/v1/admin/suggestions/${suggestion.id}`)).json()).toMatchObject({
      status: 'pending',
      tool: null,
    });
  });

  it('pages the admin list newest first', async () => {
    const first = (await admin.get('/api/v1/admin/suggestions?limit=2')).json<{
      items: { title: string }[];
      nextCursor: string;
    }>();
    expect(first.items.map((s) => s.title)).toEqual(['Provbank', 'Schemaläggare']);
    const rest = (
      await admin.get(`/api/v1/admin/suggestions?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)
    ).json<{ items: { title: string }[] }>();
    expect(rest.items.map((s) => s.title)).toEqual(['Frånvarolista per klass', 'Närvarosammanställning']);
    expect((await admin.get('/api/v1/admin/suggestions?cursor=nonsens')).statusCode).toBe(422);
  });
});
