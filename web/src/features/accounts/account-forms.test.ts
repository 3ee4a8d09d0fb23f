import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import type { Component } from 'vue';
import { afterEach, describe, expect, it } from 'vitest';
import { apiError, createAuthServer, json } from '../../test/fake-server';
import { describedText, field } from '../../test/dom';
import { resetApp, setupApp } from '../../test/setup-app';
import ChangePasswordForm from './ChangePasswordForm.vue';
import ForgotPasswordView from './ForgotPasswordView.vue';
import RegisterView from './RegisterView.vue';
import ResetPasswordView from './ResetPasswordView.vue';

afterEach(resetApp);

const GOOD_PASSWORD = 'tre ord i rad';

async function render(component: Component, path = '/') {
  const server = createAuthServer();
  server.on('GET /auth/registration', () => json(200, { mode: 'open', domains: [] }));
  const app = setupApp({ server });
  await app.router.push(path);
  await app.router.isReady();
  const wrapper = mount(component, { global: { plugins: [...app.plugins] }, attachTo: document.body });
  await flushPromises();
  return { server, wrapper };
}

async function submit(wrapper: VueWrapper) {
  await wrapper.find('form').trigger('submit');
  await flushPromises();
}

const errorOf = (wrapper: VueWrapper, label: string) => describedText(field(wrapper, label).element);
const isFocused = (wrapper: VueWrapper, label: string) =>
  document.activeElement === field(wrapper, label).element;

describe('RegisterView', () => {
  it('on an empty submit marks every field, focuses the name and sends nothing', async () => {
    const { wrapper, server } = await render(RegisterView);

    await submit(wrapper);

    expect(errorOf(wrapper, 'Namn')).toBe('Fyll i namn.');
    expect(errorOf(wrapper, 'E-postadress')).toBe('Fyll i e-postadress.');
    expect(errorOf(wrapper, 'Lösenord')).toContain('Fyll i lösenord.');
    expect(isFocused(wrapper, 'Namn')).toBe(true);
    expect(server.requests.some((r) => r.path === '/auth/register')).toBe(false);
  });

  it('focuses the first field the server refused and shows its words there', async () => {
    const { wrapper, server } = await render(RegisterView);
    server.on('POST /auth/register', () =>
      apiError(400, 'VALIDATION_ERROR', 'Invalid', { issues: [{ path: ['email'], message: 'Fel domän.' }] }),
    );
    await field(wrapper, 'Namn').setValue('Anna');
    await field(wrapper, 'E-postadress').setValue('anna@annan.se');
    await field(wrapper, 'Lösenord').setValue(GOOD_PASSWORD);

    await submit(wrapper);

    expect(errorOf(wrapper, 'E-postadress')).toBe('Fel domän.');
    expect(isFocused(wrapper, 'E-postadress')).toBe(true);
  });

  it('sends the trimmed account and says where the mail went', async () => {
    const { wrapper, server } = await render(RegisterView);
    server.on('POST /auth/register', () => new Response(null, { status: 202 }));
    await field(wrapper, 'Namn').setValue(' Anna ');
    await field(wrapper, 'E-postadress').setValue(' anna@skola.se ');
    await field(wrapper, 'Lösenord').setValue(GOOD_PASSWORD);

    await submit(wrapper);

    expect(server.requests.find((r) => r.path === '/auth/register')?.body).toEqual({
      name: 'Anna',
      email: 'anna@skola.se',
      password: GOOD_PASSWORD,
      locale: 'sv',
    });
    expect(wrapper.text()).toContain('anna@skola.se');
    expect(wrapper.find('form').exists()).toBe(false);
  });
});

describe('ForgotPasswordView', () => {
  it('on an empty submit focuses the address and sends nothing', async () => {
    const { wrapper, server } = await render(ForgotPasswordView);

    await submit(wrapper);

    expect(errorOf(wrapper, 'E-postadress')).toBe('Fyll i e-postadress.');
    expect(isFocused(wrapper, 'E-postadress')).toBe(true);
    expect(server.requests.some((r) => r.path === '/auth/forgot-password')).toBe(false);
  });

  it('leaves the focus where it was when the server fails the whole form', async () => {
    const { wrapper, server } = await render(ForgotPasswordView);
    server.on('POST /auth/forgot-password', () => apiError(429, 'RATE_LIMITED', 'Vänta en stund.'));
    await field(wrapper, 'E-postadress').setValue('anna@skola.se');
    document.body.focus();

    await submit(wrapper);

    expect(wrapper.text()).toContain('Vänta en stund.');
    expect(isFocused(wrapper, 'E-postadress')).toBe(false);
  });
});

describe('ResetPasswordView', () => {
  it('focuses the repeat field when the passwords differ', async () => {
    const { wrapper } = await render(ResetPasswordView, '/reset-password?token=t1');
    await field(wrapper, 'Nytt lösenord').setValue(GOOD_PASSWORD);
    await field(wrapper, 'Upprepa lösenordet').setValue('något annat här');

    await submit(wrapper);

    expect(errorOf(wrapper, 'Upprepa lösenordet')).toBe('Lösenorden är inte likadana.');
    expect(isFocused(wrapper, 'Upprepa lösenordet')).toBe(true);
  });

  it('focuses the new password when it is too short', async () => {
    const { wrapper } = await render(ResetPasswordView, '/reset-password?token=t1');
    await field(wrapper, 'Nytt lösenord').setValue('kort');

    await submit(wrapper);

    expect(errorOf(wrapper, 'Nytt lösenord')).toContain('Lösenordet måste ha minst 12 tecken.');
    expect(isFocused(wrapper, 'Nytt lösenord')).toBe(true);
  });

  it('on a used link shows the server’s words, offers a new link and focuses the new password', async () => {
    const { wrapper, server } = await render(ResetPasswordView, '/reset-password?token=t1');
    server.on('POST /auth/reset-password', () => apiError(400, 'LINK_INVALID', 'Länken är redan använd.'));
    await field(wrapper, 'Nytt lösenord').setValue(GOOD_PASSWORD);
    await field(wrapper, 'Upprepa lösenordet').setValue(GOOD_PASSWORD);

    await submit(wrapper);

    expect(server.requests.find((r) => r.path === '/auth/reset-password')?.body).toEqual({
      token: 't1',
      password: GOOD_PASSWORD,
    });
    expect(wrapper.text()).toContain('Länken är redan använd.');
    expect(wrapper.text()).toContain('Be om en ny länk');
    expect(isFocused(wrapper, 'Nytt lösenord')).toBe(true);
  });
});

describe('ChangePasswordForm', () => {
  it('on an empty submit focuses the current password', async () => {
    const { wrapper } = await render(ChangePasswordForm);

    await submit(wrapper);

    expect(errorOf(wrapper, 'Nuvarande lösenord')).toBe('Fyll i nuvarande lösenord.');
    expect(isFocused(wrapper, 'Nuvarande lösenord')).toBe(true);
  });

  it('focuses the repeat field when only the repetition is wrong', async () => {
    const { wrapper } = await render(ChangePasswordForm);
    await field(wrapper, 'Nuvarande lösenord').setValue('gammalt lösen');
    await field(wrapper, 'Nytt lösenord').setValue(GOOD_PASSWORD);
    await field(wrapper, 'Upprepa lösenordet').setValue('något annat här');

    await submit(wrapper);

    expect(isFocused(wrapper, 'Upprepa lösenordet')).toBe(true);
  });

  it('on success empties the fields, says so and tells its parent', async () => {
    const { wrapper, server } = await render(ChangePasswordForm);
    server.on('POST /me/password', () => new Response(null, { status: 204 }));
    await field(wrapper, 'Nuvarande lösenord').setValue('gammalt lösen');
    await field(wrapper, 'Nytt lösenord').setValue(GOOD_PASSWORD);
    await field(wrapper, 'Upprepa lösenordet').setValue(GOOD_PASSWORD);

    await submit(wrapper);

    expect(wrapper.text()).toContain('Lösenordet är bytt.');
    expect(field(wrapper, 'Nytt lösenord').element.value).toBe('');
    expect(wrapper.emitted('changed')).toHaveLength(1);
  });
});
