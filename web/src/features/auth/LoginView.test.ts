import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, createAuthServer, teacher } from '../../test/fake-server';
import { resetApp, setupApp } from '../../test/setup-app';
import LoginView from './LoginView.vue';
import { safeRedirect } from './redirect';

afterEach(resetApp);

async function renderLogin(path = '/login', options: Parameters<typeof setupApp>[0] = {}) {
  const app = setupApp(options);
  await app.router.push(path);
  await app.router.isReady();
  const wrapper = mount(LoginView, { global: { plugins: [...app.plugins] }, attachTo: document.body });
  return { ...app, wrapper };
}

function input(wrapper: VueWrapper, label: string) {
  const labelEl = wrapper.findAll('label').find((l) => l.text() === label);
  if (!labelEl) throw new Error(`No field labelled ${label}`);
  return wrapper.find<HTMLInputElement>(`#${CSS.escape(labelEl.attributes('for') ?? '')}`);
}

function describedText(wrapper: VueWrapper, label: string): string {
  const ids = input(wrapper, label).attributes('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent?.trim() ?? '').join(' ');
}

async function fillAndSubmit(wrapper: VueWrapper, email: string, password: string) {
  await input(wrapper, 'E-post').setValue(email);
  await input(wrapper, 'Lösenord').setValue(password);
  await wrapper.find('form').trigger('submit');
  await flushPromises();
}

describe('LoginView', () => {
  it('has labelled e-mail and password fields with autocomplete hints and a "Logga in" button', async () => {
    const { wrapper } = await renderLogin();

    expect(input(wrapper, 'E-post').attributes()).toMatchObject({ type: 'email', autocomplete: 'username' });
    expect(input(wrapper, 'Lösenord').attributes()).toMatchObject({
      type: 'password',
      autocomplete: 'current-password',
    });
    expect(wrapper.find('button[type="submit"]').text()).toBe('Logga in');
    expect(wrapper.find('h1').text()).toBe('Logga in');
    expect(document.title).toBe('Logga in – Skriptoteket');
  });

  it('on an empty submit, shows a message at each field, focuses the first and sends nothing', async () => {
    const { wrapper, server } = await renderLogin();

    await wrapper.find('form').trigger('submit');
    await flushPromises();

    expect(input(wrapper, 'E-post').attributes('aria-invalid')).toBe('true');
    expect(describedText(wrapper, 'E-post')).toBe('Skriv din e-postadress.');
    expect(describedText(wrapper, 'Lösenord')).toBe('Skriv ditt lösenord.');
    expect(document.activeElement).toBe(input(wrapper, 'E-post').element);
    expect(server.requests.some((r) => r.path === '/auth/login')).toBe(false);
  });

  it('focuses the password when only the password is missing, keeping the e-mail typed', async () => {
    const { wrapper } = await renderLogin();

    await fillAndSubmit(wrapper, 'anna@skola.se', '');

    expect(input(wrapper, 'E-post').attributes('aria-invalid')).toBeUndefined();
    expect(input(wrapper, 'E-post').element.value).toBe('anna@skola.se');
    expect(document.activeElement).toBe(input(wrapper, 'Lösenord').element);
  });

  it('validates a field when it loses focus and clears the message once it is filled in', async () => {
    const { wrapper } = await renderLogin();
    const email = input(wrapper, 'E-post');

    await email.trigger('blur');
    expect(describedText(wrapper, 'E-post')).toBe('Skriv din e-postadress.');

    await email.setValue('anna@skola.se');
    expect(email.attributes('aria-invalid')).toBeUndefined();
    expect(wrapper.text()).not.toContain('Skriv din e-postadress.');
  });

  it('shows the generic wrong-credentials message and keeps what was typed', async () => {
    const { wrapper, router } = await renderLogin();

    await fillAndSubmit(wrapper, 'anna@skola.se', 'fel-lösenord');

    const alert = wrapper.find('[role="alert"]');
    expect(alert.text()).toBe('E-postadressen eller lösenordet stämmer inte. Kontrollera och försök igen.');
    expect(input(wrapper, 'E-post').element.value).toBe('anna@skola.se');
    expect(input(wrapper, 'Lösenord').element.value).toBe('fel-lösenord');
    expect(router.currentRoute.value.path).toBe('/login');
  });

  it('says how many minutes a locked account must wait', async () => {
    const server = createAuthServer();
    server.on('POST /auth/login', () =>
      apiError(423, 'ACCOUNT_LOCKED', 'Locked', { retryAfterSeconds: 299 }),
    );
    const { wrapper } = await renderLogin('/login', { server });

    await fillAndSubmit(wrapper, 'anna@skola.se', 'x');

    expect(wrapper.find('[role="alert"]').text()).toContain('Försök igen om 5 minuter.');
  });

  it('explains rate limiting and network failures', async () => {
    const server = createAuthServer();
    server.on('POST /auth/login', () => apiError(429, 'RATE_LIMITED', 'Slow', { retryAfterSeconds: 30 }));
    const { wrapper } = await renderLogin('/login', { server });

    await fillAndSubmit(wrapper, 'anna@skola.se', 'x');
    expect(wrapper.find('[role="alert"]').text()).toContain('Vänta 1 minut');

    server.on('POST /auth/login', () => Promise.reject(new TypeError('Failed to fetch')));
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toContain('Vi får ingen kontakt med servern');
  });

  it('goes to the local path in ?redirect after signing in', async () => {
    const { wrapper, router } = await renderLogin('/login?redirect=%2Fruns%3Fpage%3D2');

    await fillAndSubmit(wrapper, teacher.email, 'rätt-lösenord');

    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/runs?page=2'));
  });

  it('goes home instead of following a redirect to another site', async () => {
    const { wrapper, router } = await renderLogin('/login?redirect=%2F%2Fevil.example%2Fx');

    await fillAndSubmit(wrapper, teacher.email, 'rätt-lösenord');

    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/'));
  });

  it('uses the English labels when the language is English', async () => {
    const { wrapper } = await renderLogin('/login', { locale: 'en' });

    expect(input(wrapper, 'Email').exists()).toBe(true);
    expect(input(wrapper, 'Password').exists()).toBe(true);
    expect(wrapper.find('button[type="submit"]').text()).toBe('Sign in');
  });
});

describe('safeRedirect', () => {
  it('accepts paths inside the app', () => {
    expect(safeRedirect('/runs/42?tab=files#top')).toBe('/runs/42?tab=files#top');
  });

  it.each([undefined, null, ['/a'], '', 'runs', 'https://evil.example', '//evil.example', '/\\evil.example'])(
    'falls back to home for %j',
    (value) => {
      expect(safeRedirect(value)).toBe('/');
    },
  );
});
