import { flushPromises, mount, type DOMWrapper, type VueWrapper } from '@vue/test-utils';
import type { User } from '@skriptoteket/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.vue';
import { LOCALE_STORAGE_KEY } from '../../i18n';
import { apiError, createAuthServer, json, teacher } from '../../test/fake-server';
import { useSessionStore } from '../../stores/session';
import { resetApp, setupApp } from '../../test/setup-app';
import { useToasts } from '../../ui/useToasts';

afterEach(() => {
  useToasts().clear();
  resetApp();
});

async function renderApp(path: string, user: User | null) {
  const app = setupApp({ server: createAuthServer(user) });
  await app.router.push(path);
  await app.router.isReady();
  const wrapper = mount(App, { global: { plugins: [...app.plugins] }, attachTo: document.body });
  await flushPromises();
  return { ...app, wrapper };
}

function button(wrapper: VueWrapper, name: string): DOMWrapper<HTMLButtonElement> {
  const found = wrapper.findAll<HTMLButtonElement>('button').find((b) => b.text() === name);
  if (!found) throw new Error(`No button named ${name}`);
  return found;
}

const navTexts = (wrapper: VueWrapper) =>
  wrapper
    .find('nav')
    .findAll('a')
    .map((a) => a.text());

describe('AppLayout', () => {
  it('shows navigation, the user name and role, and a skip link when signed in', async () => {
    const { wrapper } = await renderApp('/', { ...teacher, role: 'admin' });

    expect(wrapper.find('a.skip-link').attributes('href')).toBe('#main');
    expect(
      wrapper
        .find('nav')
        .findAll('a')
        .map((a) => a.text()),
    ).toEqual([
      'Hem',
      'Verktyg',
      'Mina körningar',
      'Verktyg att förvalta',
      'Granskning',
      'Händelselogg',
      'Förslag',
      'Användare',
    ]);
    expect(wrapper.find('header').text()).toContain('Anna Lärare');
    expect(wrapper.find('header').text()).toContain('Administratör');
    expect(button(wrapper, 'Logga ut').exists()).toBe(true);
    expect(wrapper.find('h1').text()).toContain('Anna Lärare');
  });

  it('names the tools entry "Mina verktyg" for contributors', async () => {
    const { wrapper } = await renderApp('/', { ...teacher, role: 'contributor' });

    expect(
      wrapper
        .find('nav')
        .findAll('a')
        .map((a) => a.text()),
    ).toEqual(['Hem', 'Verktyg', 'Mina körningar', 'Mina verktyg', 'Mina förslag']);
  });

  it('gives a teacher "Hem" and "Verktyg", and marks "Verktyg" on a tool page', async () => {
    const { wrapper, router } = await renderApp('/', teacher);
    const links = () => wrapper.find('nav').findAll('a');

    expect(links().map((a) => [a.text(), a.attributes('href')])).toEqual([
      ['Hem', '/'],
      ['Verktyg', '/browse'],
      ['Mina körningar', '/runs'],
    ]);

    await router.push('/tools/gruppgenerator');
    await flushPromises();
    expect(links()[1]?.classes()).toContain('is-section');
  });

  it('shows reviewers how many versions wait for review', async () => {
    const server = createAuthServer({ ...teacher, role: 'admin' });
    server.on('GET /admin/reviews', () => json(200, { items: [{}, {}, {}], nextCursor: null }));
    const app = setupApp({ server });
    await app.router.push('/');
    const wrapper = mount(App, { global: { plugins: [...app.plugins] }, attachTo: document.body });
    await flushPromises();

    const reviews = wrapper.findAll('nav a').find((a) => a.attributes('href') === '/admin/reviews');
    expect(reviews?.find('[aria-hidden="true"]').text()).toBe('3');
    expect(reviews?.find('.visually-hidden').text()).toBe('(3 väntar på granskning)');
  });

  it('switches the whole interface to English and back, remembering the choice on the account', async () => {
    const { wrapper, server } = await renderApp('/', teacher);

    await button(wrapper, 'English').trigger('click');

    expect(navTexts(wrapper)).toEqual(['Home', 'Tools', 'My runs']);
    expect(button(wrapper, 'Sign out').exists()).toBe(true);
    expect(wrapper.find('h1').text()).toBe('Hello, Anna Lärare!');
    expect(button(wrapper, 'English').attributes('aria-pressed')).toBe('true');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
    expect(document.title).toBe('Home – Skriptoteket');

    await button(wrapper, 'Svenska').trigger('click');
    await flushPromises();

    expect(navTexts(wrapper)).toEqual(['Hem', 'Verktyg', 'Mina körningar']);
    expect(document.documentElement.lang).toBe('sv');
    const saves = server.requests.filter((r) => r.method === 'PATCH' && r.path === '/me/profile');
    expect(saves.map((r) => r.body)).toEqual([{ locale: 'en' }, { locale: 'sv' }]);
    expect(saves.every((r) => r.headers['x-csrf-token'])).toBe(true);
    expect(server.user?.locale).toBe('sv');
  });

  it('opens a new session in the language saved on the account, in any browser', async () => {
    const { wrapper, server, router } = await renderApp('/', teacher);
    await button(wrapper, 'English').trigger('click');
    await flushPromises();
    await button(wrapper, 'Sign out').trigger('click');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'));
    await flushPromises();

    // Another browser: nothing stored, Swedish until the user signs in.
    localStorage.clear();
    await button(wrapper, 'Svenska').trigger('click');
    expect(wrapper.find('h1').text()).toBe('Logga in');
    await useSessionStore().login({ email: teacher.email, password: 'rätt-lösenord' });
    await flushPromises();

    expect(server.user?.locale).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
    expect(wrapper.find('button.language-switch__option[aria-pressed="true"]').text()).toBe('English');
  });

  it('goes back to the language before and says so when the account cannot be saved', async () => {
    const { wrapper, server } = await renderApp('/', teacher);
    server.on('PATCH /me/profile', () => apiError(503, 'UNAVAILABLE', 'Database down'));

    await button(wrapper, 'English').trigger('click');
    expect(navTexts(wrapper)).toEqual(['Home', 'Tools', 'My runs']);
    await flushPromises();

    expect(navTexts(wrapper)).toEqual(['Hem', 'Verktyg', 'Mina körningar']);
    expect(document.documentElement.lang).toBe('sv');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('sv');
    expect(useSessionStore().user?.locale).toBe('sv');
    expect(useToasts().toasts.map((t) => [t.kind, t.message])).toEqual([
      ['error', 'Språkvalet kunde inte sparas på ditt konto. Försök igen.'],
    ]);
  });

  it('offers the language switch to visitors who are not signed in, kept in this browser only', async () => {
    const { wrapper, router, server } = await renderApp('/', null);
    expect(router.currentRoute.value.name).toBe('login');
    expect(wrapper.find('nav').exists()).toBe(false);

    await button(wrapper, 'English').trigger('click');
    await flushPromises();

    expect(wrapper.find('h1').text()).toBe('Sign in');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
    expect(server.requests.some((r) => r.path === '/me/profile')).toBe(false);
    // The server answers a failed sign-in in the language on the screen.
    await useSessionStore()
      .login({ email: teacher.email, password: 'fel' })
      .catch(() => undefined);
    expect(server.requests.find((r) => r.path === '/auth/login')?.headers['accept-language']).toBe('en');
  });

  it("follows the signed-in user's language when no choice is stored", async () => {
    const { wrapper } = await renderApp('/', { ...teacher, locale: 'en' });

    expect(navTexts(wrapper)).toEqual(['Home', 'Tools', 'My runs']);
    expect(document.documentElement.lang).toBe('en');
  });

  it("prefers the account's language to the one this browser stored", async () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'sv');
    const { wrapper } = await renderApp('/', { ...teacher, locale: 'en' });

    expect(navTexts(wrapper)).toEqual(['Home', 'Tools', 'My runs']);
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
  });

  it('opens and closes the menu with a button that reports its state', async () => {
    const { wrapper } = await renderApp('/', teacher);
    const toggle = button(wrapper, 'Meny');
    expect(toggle.attributes('aria-expanded')).toBe('false');
    expect(toggle.attributes('aria-controls')).toBe('site-menu');

    await toggle.trigger('click');
    expect(toggle.attributes('aria-expanded')).toBe('true');
    expect(wrapper.find('#site-menu').classes()).toContain('is-open');

    await wrapper.find('#site-menu').trigger('keydown', { key: 'Escape' });
    expect(toggle.attributes('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(toggle.element);
  });

  it('signs out, says so and shows the sign-in page', async () => {
    const { wrapper, router, server } = await renderApp('/', teacher);

    await button(wrapper, 'Logga ut').trigger('click');
    await flushPromises();

    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'));
    expect(server.user).toBeNull();
    expect(wrapper.find('section[aria-label="Meddelanden"]').text()).toContain('Du är utloggad.');
    expect(wrapper.find('nav').exists()).toBe(false);
  });
});
