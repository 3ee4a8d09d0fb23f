import type { AdminTool, Diagnostic, Person, Version } from '@skriptoteket/contracts';
import { computed, ref, shallowRef, watch } from 'vue';
import { ApiError } from '../../api/client';
import { apiErrorMessage } from '../../api/error-message';
import type { Message } from '../../i18n/message';
import { createDebounce } from '../../ui/debounce';
import { governanceApi } from '../governance/governance-api';
import { STARTER_TEMPLATE } from './starter-template';
import { studioApi } from './studio-api';
import { cloneContent, contentOf, isSameContent, type StudioContent } from './studio-content';
import { clearWorkingCopy, readWorkingCopy, writeWorkingCopy, type WorkingCopy } from './working-copy';

/** Someone saved a newer version while this person edited: who, and which version, for the diff. */
export interface StaleSave {
  headVersionId: string | null;
  headNumber: number;
  savedBy: Person | null;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Loading, editing, keeping and saving one tool's content in the studio. */
export function useStudio(toolId: () => string) {
  const tool = shallowRef<AdminTool | null>(null);
  const head = shallowRef<Version | null>(null);
  const base = shallowRef<StudioContent>(cloneContent(STARTER_TEMPLATE));
  const content = ref<StudioContent>(cloneContent(STARTER_TEMPLATE));
  const restorable = shallowRef<WorkingCopy | null>(null);
  const isLoading = ref(false);
  const loadError = shallowRef<Message | null>(null);
  const isNotFound = ref(false);
  const isSaving = ref(false);
  const saveError = shallowRef<Message | null>(null);
  const stale = shallowRef<StaleSave | null>(null);
  const diagnosticsFailed = ref(false);

  const baseId = computed(() => head.value?.id ?? null);
  const isDirty = computed(() => !isSameContent(content.value, base.value));

  async function load(): Promise<void> {
    isLoading.value = true;
    loadError.value = null;
    try {
      const loaded = await governanceApi.getTool(toolId());
      const version = loaded.head ? await governanceApi.getVersion(loaded.head.id) : null;
      tool.value = loaded;
      startFrom(version);
    } catch (caught) {
      isNotFound.value = caught instanceof ApiError && caught.code === 'NOT_FOUND';
      loadError.value = apiErrorMessage(caught);
    } finally {
      isLoading.value = false;
    }
  }

  function startFrom(version: Version | null): void {
    head.value = version;
    base.value = version ? contentOf(version) : cloneContent(STARTER_TEMPLATE);
    content.value = cloneContent(base.value);
    const kept = readWorkingCopy(toolId(), baseId.value);
    restorable.value = kept && !isSameContent(kept.content, base.value) ? kept : null;
  }

  const keep = createDebounce(() => {
    if (!tool.value?.canEdit || restorable.value) return;
    if (isDirty.value)
      writeWorkingCopy(toolId(), baseId.value, { content: content.value, savedAt: new Date().toISOString() });
    else clearWorkingCopy(toolId(), baseId.value);
  }, 300);
  watch(content, () => keep.call(), { deep: true });

  function restore(): void {
    if (restorable.value) content.value = cloneContent(restorable.value.content);
    restorable.value = null;
  }
  function discardRestorable(): void {
    clearWorkingCopy(toolId(), baseId.value);
    restorable.value = null;
  }

  async function save(): Promise<Version | null> {
    if (isSaving.value) return null;
    isSaving.value = true;
    saveError.value = null;
    const from = baseId.value;
    try {
      const saved = await studioApi.saveVersion(toolId(), { baseVersionId: from, ...content.value });
      clearWorkingCopy(toolId(), from);
      head.value = saved;
      base.value = contentOf(saved);
      stale.value = null;
      tool.value = await governanceApi.getTool(toolId());
      return saved;
    } catch (caught) {
      const details =
        caught instanceof ApiError ? (caught.details as Record<string, unknown> | undefined) : undefined;
      if (details?.['reason'] === 'STALE_BASE') stale.value = details as unknown as StaleSave;
      saveError.value =
        caught instanceof ApiError && caught.status > 0 ? { text: caught.message } : apiErrorMessage(caught);
      return null;
    } finally {
      isSaving.value = false;
    }
  }

  /** After seeing the diff: keep these edits and save them on top of the newer version. */
  async function continueOnNewer(): Promise<void> {
    const edits = cloneContent(content.value);
    const newerId = stale.value?.headVersionId;
    if (!newerId) return;
    const newer = await governanceApi.getVersion(newerId);
    head.value = newer;
    base.value = contentOf(newer);
    content.value = edits;
    stale.value = null;
    saveError.value = null;
  }

  /** After seeing the diff: drop these edits and open the newer version. */
  async function takeNewer(): Promise<void> {
    const newerId = stale.value?.headVersionId;
    clearWorkingCopy(toolId(), baseId.value);
    stale.value = null;
    saveError.value = null;
    startFrom(newerId ? await governanceApi.getVersion(newerId) : null);
  }

  async function diagnose(sourceCode: string): Promise<Diagnostic[] | null> {
    const entrypoint = IDENTIFIER.test(content.value.entrypoint.trim())
      ? content.value.entrypoint.trim()
      : 'run_tool';
    try {
      const items = await studioApi.diagnose(toolId(), { sourceCode, entrypoint });
      diagnosticsFailed.value = false;
      return items;
    } catch {
      diagnosticsFailed.value = true;
      return null;
    }
  }

  return {
    tool,
    head,
    content,
    restorable,
    isLoading,
    loadError,
    isNotFound,
    isSaving,
    saveError,
    stale,
    isDirty,
    diagnosticsFailed,
    load,
    save,
    restore,
    discardRestorable,
    continueOnNewer,
    takeNewer,
    diagnose,
    /** Writes the working copy now (the page is going away). */
    keepNow: () => keep.flush(),
  };
}
