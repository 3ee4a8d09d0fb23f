import type { FieldIssue, Locale, RunView, ToolPage } from '@skriptoteket/contracts';
import { computed, ref, shallowRef, watch } from 'vue';
import { ApiError } from '../../api/client';
import { readSchemaFields } from '../../api/contract-values';
import { apiErrorMessage } from '../../api/error-message';
import type { Message } from '../../i18n/message';
import { fileField, filesError, refuseFile, type FileChoice } from './form-model';
import { runsApi, type RunSubmission } from './runs-api';
import { useSchemaForm } from './use-schema-form';

/** Files of an earlier run passed again ("Kör igen med samma val"). */
export interface RerunFiles {
  runId: string;
  files: { name: string; bytes: number }[];
}

/** What a run form needs of the tool it runs. */
export type FormTool = Pick<ToolPage, 'slug' | 'inputSchema' | 'uploadLimits'>;

/** Sends a submission somewhere else than the tool's runs (a test run); such a run keeps no session files. */
export type RunStarter = (
  submission: RunSubmission,
  onProgress: (fraction: number) => void,
) => Promise<RunView>;

const choiceOf = (file: File): FileChoice => ({ name: file.name, bytes: file.size, mimeType: file.type });

/**
 * A tool's run form: its values, the files (new, re-attached from an earlier run, or the ones the tool kept),
 * the checks before sending, the upload with progress, and the server's answer put back on the fields.
 */
export function useRunForm(
  tool: FormTool,
  start: { inputs?: Record<string, unknown>; rerun?: RerunFiles | null },
  locale: () => Locale = () => 'sv',
  customStarter: RunStarter | null = null,
) {
  const starter: RunStarter =
    customStarter ?? ((submission, onProgress) => runsApi.start(tool.slug, submission, onProgress));
  const schema = tool.inputSchema;
  const form = useSchemaForm(schema, start.inputs ?? {}, locale);
  const fileSpec = fileField(schema);
  const files = ref<File[]>([]);
  const rerun = shallowRef<RerunFiles | null>(start.rerun?.files.length ? start.rerun : null);
  const sessionFiles = shallowRef<{ name: string; bytes: number }[]>([]);
  const sessionMode = ref<'reuse' | 'clear'>('reuse');
  const filesMessage = ref('');
  const failure = shallowRef<Message | null>(null);
  const isStarting = ref(false);
  const progress = ref<number | null>(null);

  const earlier = computed(() => rerun.value?.files ?? []);
  const offersSessionFiles = computed(
    () =>
      fileSpec !== null && sessionFiles.value.length > 0 && files.value.length === 0 && !earlier.value.length,
  );
  const chosen = computed<FileChoice[]>(() =>
    offersSessionFiles.value && sessionMode.value === 'reuse'
      ? sessionFiles.value
      : [...earlier.value, ...files.value.map(choiceOf)],
  );
  const currentFilesError = computed(() =>
    fileSpec ? filesError(schema, tool.uploadLimits, chosen.value, locale()) : null,
  );
  const isReady = computed(() => form.isValid.value && !currentFilesError.value);
  // A file message that shows follows the files, so it goes away once they are right.
  watch([files, sessionMode], () => {
    if (filesMessage.value) filesMessage.value = currentFilesError.value ?? '';
  });

  async function loadSessionFiles(): Promise<void> {
    if (!fileSpec || customStarter) return;
    try {
      sessionFiles.value = (await runsApi.sessionFiles(tool.slug)).items;
    } catch {
      sessionFiles.value = [];
    }
  }

  function refuse(file: File, kept: readonly File[]): string | null {
    return refuseFile(
      schema,
      tool.uploadLimits,
      choiceOf(file),
      [...earlier.value, ...kept.map(choiceOf)],
      locale(),
    );
  }

  /** Names of the fields with a problem, in form order (the file field where it stands). */
  function problems(valueProblems: readonly string[]): string[] {
    return readSchemaFields(schema)
      .map((f) => f.name)
      .filter((name) => (name === fileSpec?.name ? filesMessage.value !== '' : valueProblems.includes(name)));
  }

  function placeIssues(error: ApiError): string[] {
    const issues = (error.details as { issues?: FieldIssue[] } | undefined)?.issues ?? [];
    const fileIssues = issues.filter((i) => i.path[0] === 'files' || i.path[0] === 'rerunOf');
    if (issues.some((i) => i.path[0] === 'rerunOf')) rerun.value = null;
    filesMessage.value = fileIssues[0]?.message ?? '';
    const unplaced = form.applyIssues(
      issues.filter((i) => !fileIssues.includes(i)),
      'inputs',
    );
    if (unplaced.length || (!fileIssues.length && !issues.length)) {
      failure.value = { text: [error.message, ...unplaced].join(' ') };
    }
    return problems(Object.keys(form.errors.value));
  }

  /**
   * Checks and sends. Returns the started run, or the names of the fields to fix (focus goes to the first);
   * any other failure is in `failure`.
   */
  async function submit(): Promise<{ run: RunView } | { invalid: string[] }> {
    failure.value = null;
    const invalid = form.validate();
    filesMessage.value = currentFilesError.value ?? '';
    const toFix = problems(invalid);
    if (toFix.length) return { invalid: toFix };
    isStarting.value = true;
    progress.value = files.value.length ? 0 : null;
    try {
      const run = await starter(
        {
          inputs: form.submission(),
          files: files.value,
          sessionFilesMode: offersSessionFiles.value ? sessionMode.value : 'none',
          rerunOf: earlier.value.length ? rerun.value!.runId : null,
        },
        (fraction) => {
          if (progress.value !== null) progress.value = Math.round(fraction * 100);
        },
      );
      return { run };
    } catch (error) {
      if (error instanceof ApiError && error.code === 'VALIDATION_ERROR')
        return { invalid: placeIssues(error) };
      if (error instanceof ApiError && error.code === 'PAYLOAD_TOO_LARGE') {
        filesMessage.value = error.message;
        return { invalid: problems([]) };
      }
      if (error instanceof ApiError && error.code === 'NOT_FOUND' && rerun.value) {
        // The earlier run (or the tool) is gone; without it, a second press says which.
        rerun.value = null;
        failure.value = { key: 'runPage.errors.rerunGone' };
      } else if (error instanceof ApiError && error.code === 'NOT_FOUND') {
        failure.value = { key: 'runPage.errors.toolGone' };
      } else if (error instanceof ApiError && (error.code === 'RATE_LIMITED' || error.code === 'CONFLICT')) {
        // Said by the server in the reader's language: too many runs waiting, or the tool just got a new version.
        failure.value = { text: error.message };
      } else {
        failure.value = apiErrorMessage(error);
      }
      return { invalid: [] };
    } finally {
      isStarting.value = false;
      progress.value = null;
    }
  }

  return {
    form,
    fileSpec,
    files,
    earlier,
    sessionFiles,
    sessionMode,
    offersSessionFiles,
    filesMessage,
    failure,
    isStarting,
    isReady,
    progress,
    refuse,
    loadSessionFiles,
    dropEarlierFiles: () => {
      rerun.value = null;
      if (filesMessage.value) filesMessage.value = currentFilesError.value ?? '';
    },
    checkFiles: () => (filesMessage.value = currentFilesError.value ?? ''),
    submit,
  };
}
