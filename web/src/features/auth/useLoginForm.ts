import type { FieldIssue } from '@skriptoteket/contracts';
import { reactive, ref, watch } from 'vue';
import { ApiError } from '../../api/client';
import { apiErrorMessage, minutesToWait } from '../../api/error-message';
import type { Message } from '../../i18n/message';
import { useSessionStore } from '../../stores/session';

export type LoginField = 'email' | 'password';
export const loginFields: readonly LoginField[] = ['email', 'password'];

const requiredMessage: Record<LoginField, Message> = {
  email: { key: 'login.emailRequired' },
  password: { key: 'login.passwordRequired' },
};

function waitMessage(error: ApiError, key: string): Message {
  const seconds = error.retryAfterSeconds;
  return seconds === null ? { key: `${key}NoTime` } : { key, count: minutesToWait(seconds) };
}

/** What went wrong with a sign-in, in words that never reveal whether the e-mail exists. */
export function loginErrorMessage(error: unknown): Message {
  if (error instanceof ApiError) {
    if (error.code === 'UNAUTHENTICATED') return { key: 'login.invalidCredentials' };
    if (error.code === 'ACCOUNT_LOCKED') return waitMessage(error, 'login.locked');
    if (error.code === 'RATE_LIMITED') return waitMessage(error, 'login.rateLimited');
    // Said only after the right password, in the reader's language by the server.
    if (error.code === 'EMAIL_NOT_VERIFIED') return { text: error.message };
  }
  return apiErrorMessage(error);
}

function fieldIssues(error: unknown): Partial<Record<LoginField, Message>> {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_ERROR') return {};
  // Shape per the contract, but checked anyway: a malformed body must not break the form.
  const issues = (error.details as { issues?: Partial<FieldIssue>[] } | null)?.issues;
  const out: Partial<Record<LoginField, Message>> = {};
  for (const issue of Array.isArray(issues) ? issues : []) {
    const field = issue.path?.[0];
    if ((field === 'email' || field === 'password') && typeof issue.message === 'string') {
      out[field] ??= { text: issue.message };
    }
  }
  return out;
}

/** State and rules of the sign-in form; the view adds focus handling and navigation. */
export function useLoginForm() {
  const session = useSessionStore();
  const values = reactive<Record<LoginField, string>>({ email: '', password: '' });
  const errors = reactive<Record<LoginField, Message | null>>({ email: null, password: null });
  const formError = ref<Message | null>(null);
  const isSubmitting = ref(false);

  function validateField(field: LoginField): boolean {
    const isMissing = (field === 'email' ? values.email.trim() : values.password) === '';
    errors[field] = isMissing ? requiredMessage[field] : null;
    return !isMissing;
  }

  // While a field shows an error, re-check it as the user types so the message goes away once fixed.
  for (const field of loginFields) {
    watch(
      () => values[field],
      () => {
        if (errors[field]) validateField(field);
      },
    );
  }

  /** Returns the fields with errors, in form order (empty when valid). */
  function validateAll(): LoginField[] {
    return loginFields.filter((field) => !validateField(field));
  }

  /** Resolves to the invalid fields (empty on success); `formError` holds any server-side failure. */
  async function submit(): Promise<{ ok: boolean; invalid: LoginField[] }> {
    formError.value = null;
    const invalid = validateAll();
    if (invalid.length > 0 || isSubmitting.value) return { ok: false, invalid };
    isSubmitting.value = true;
    try {
      await session.login({ email: values.email.trim(), password: values.password });
      return { ok: true, invalid: [] };
    } catch (error) {
      const issues = fieldIssues(error);
      const issueFields = loginFields.filter((field) => issues[field]);
      if (issueFields.length > 0) {
        for (const field of issueFields) errors[field] = issues[field] ?? null;
        return { ok: false, invalid: issueFields };
      }
      formError.value = loginErrorMessage(error);
      return { ok: false, invalid: [] };
    } finally {
      isSubmitting.value = false;
    }
  }

  return { values, errors, formError, isSubmitting, validateField, submit };
}
