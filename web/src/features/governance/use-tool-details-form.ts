import type { AdminTool, PatchToolBody } from '@skriptoteket/contracts';
import { reactive, ref, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError } from '../../api/client';
import type { Message } from '../../i18n/message';
import { governanceApi } from './governance-api';
import { fieldIssues, governanceErrorMessage } from './governance-errors';

export type DetailsField = 'title' | 'summary' | 'slug' | 'professions' | 'categories';
export const detailsFields: readonly DetailsField[] = [
  'title',
  'summary',
  'slug',
  'professions',
  'categories',
];

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

interface DetailsValues {
  title: string;
  summary: string;
  slug: string;
  professions: string[];
  categories: string[];
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/** What differs between the form and the tool, as a PATCH body (only changed fields). */
export function detailsPatch(tool: AdminTool, values: DetailsValues): PatchToolBody {
  const patch: PatchToolBody = {};
  if (values.title.trim() !== tool.title) patch.title = values.title.trim();
  if (values.summary.trim() !== tool.summary) patch.summary = values.summary.trim();
  if (!tool.isSlugLocked && values.slug.trim() !== tool.slug) patch.slug = values.slug.trim();
  if (!sameSet(values.professions, tool.professions)) patch.professions = [...values.professions];
  if (!sameSet(values.categories, tool.categories)) patch.categories = [...values.categories];
  return patch;
}

/** State and rules of the "Uppgifter" form; the component adds focus handling. */
export function useToolDetailsForm(onSaved: (tool: AdminTool) => void) {
  const { t } = useI18n();
  const values = reactive<DetailsValues>({
    title: '',
    summary: '',
    slug: '',
    professions: [],
    categories: [],
  });
  const errors = reactive<Record<DetailsField, string>>({
    title: '',
    summary: '',
    slug: '',
    professions: '',
    categories: '',
  });
  const formError = shallowRef<Message | null>(null);
  const isSaving = ref(false);

  function reset(tool: AdminTool): void {
    Object.assign(values, {
      title: tool.title,
      summary: tool.summary,
      slug: tool.slug,
      professions: [...tool.professions],
      categories: [...tool.categories],
    });
    for (const field of detailsFields) errors[field] = '';
    formError.value = null;
  }

  function validateField(field: DetailsField): boolean {
    if (field === 'title') {
      const title = values.title.trim();
      errors.title = title === '' ? t('governance.create.titleRequired') : '';
      if (title.length > 120) errors.title = t('governance.create.titleTooLong', { max: 120 });
    } else if (field === 'summary') {
      errors.summary =
        values.summary.trim().length > 500 ? t('governance.create.summaryTooLong', { max: 500 }) : '';
    } else if (field === 'slug') {
      const slug = values.slug.trim();
      errors.slug =
        SLUG_PATTERN.test(slug) && slug.length >= 2 && slug.length <= 80
          ? ''
          : t('governance.details.slugInvalid');
    }
    return errors[field] === '';
  }

  /** Saves the changes; resolves to the fields with errors, in form order (empty on success). */
  async function save(tool: AdminTool): Promise<{ invalid: DetailsField[]; unchanged?: boolean }> {
    formError.value = null;
    const invalid = detailsFields.filter((field) => !validateField(field));
    if (invalid.length > 0 || isSaving.value) return { invalid };
    const patch = detailsPatch(tool, values);
    if (Object.keys(patch).length === 0) return { invalid: [], unchanged: true };
    isSaving.value = true;
    try {
      const saved = await governanceApi.updateTool(tool.id, patch);
      reset(saved);
      onSaved(saved);
      return { invalid: [] };
    } catch (error) {
      const issues = fieldIssues(error);
      // A taken or locked address comes back as a conflict about the slug.
      if (error instanceof ApiError && error.code === 'CONFLICT' && patch.slug !== undefined) {
        issues.slug = error.message;
      }
      const fields = detailsFields.filter((field) => issues[field]);
      for (const field of fields) errors[field] = issues[field] ?? '';
      if (fields.length === 0) formError.value = governanceErrorMessage(error);
      return { invalid: fields };
    } finally {
      isSaving.value = false;
    }
  }

  return { values, errors, formError, isSaving, reset, validateField, save };
}
