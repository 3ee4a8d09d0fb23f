import { nextTick, reactive, ref, shallowRef, type ShallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Message } from '../../i18n/message';
import { accountErrorMessage, fieldIssuesOf } from './accounts-api';

export const MIN_PASSWORD_LENGTH = 12;

interface Focusable {
  focus(): void;
}

/**
 * Values, field errors, a form-level error and a busy flag for the account forms. `submit` runs the request
 * once at a time and spreads a failure over the named fields or the form. Bind `inputs[field]` as a field's
 * `ref` so `focusFirstInvalid` can move the focus to the first field with an error.
 */
export function useAccountForm<F extends string>(fields: readonly F[], labels: Record<F, string>) {
  const { t } = useI18n();
  const values = reactive(Object.fromEntries(fields.map((f) => [f, '']))) as Record<F, string>;
  const errors = reactive(Object.fromEntries(fields.map((f) => [f, '']))) as Record<F, string>;
  const formError = ref<Message | null>(null);
  const isSubmitting = ref(false);
  const inputs = Object.fromEntries(fields.map((f) => [f, shallowRef<Focusable | null>(null)])) as Record<
    F,
    ShallowRef<Focusable | null>
  >;

  function clear(): void {
    for (const field of fields) errors[field] = '';
    formError.value = null;
  }

  function require(field: F): boolean {
    if (values[field].trim() !== '') return true;
    errors[field] = t('accounts.required', {
      field: labels[field].toLowerCase(),
    });
    return false;
  }

  function checkNewPassword(field: F, repeat?: F): boolean {
    if (!require(field)) return false;
    if (values[field].length < MIN_PASSWORD_LENGTH) {
      errors[field] = t('accounts.passwordTooShort');
      return false;
    }
    if (repeat && values[repeat] !== values[field]) {
      errors[repeat] = t('accounts.passwordsDiffer');
      return false;
    }
    return true;
  }

  /** The first field with an error, for focus. */
  const firstInvalid = (): F | undefined => fields.find((f) => errors[f] !== '');

  /** Once the errors are on screen, focuses the first field with one, else `orElse` (if given). */
  async function focusFirstInvalid(orElse?: F): Promise<void> {
    await nextTick();
    const target = firstInvalid() ?? orElse;
    if (target) inputs[target].value?.focus();
  }

  async function submit(request: () => Promise<unknown>): Promise<boolean> {
    if (isSubmitting.value) return false;
    isSubmitting.value = true;
    try {
      await request();
      return true;
    } catch (error) {
      const issues = fieldIssuesOf(error);
      const named = fields.filter((f) => issues[f]);
      for (const field of named) errors[field] = issues[field]!;
      if (named.length === 0) formError.value = accountErrorMessage(error);
      return false;
    } finally {
      isSubmitting.value = false;
    }
  }

  return {
    values,
    errors,
    formError,
    isSubmitting,
    inputs,
    clear,
    require,
    checkNewPassword,
    focusFirstInvalid,
    submit,
  };
}
