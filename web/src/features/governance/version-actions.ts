import type { Role, VersionSummary } from '@skriptoteket/contracts';
import { ref, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { hasRole } from '../../api/contract-values';
import type { Message } from '../../i18n/message';
import { useToasts } from '../../ui/useToasts';
import { governanceApi } from './governance-api';
import { governanceErrorMessage } from './governance-errors';

export type VersionActionKind = 'submit' | 'publish' | 'requestChanges' | 'rollback';

/** Calls the endpoint of one version transition; `text` is the note, change summary or message. */
export function performVersionAction(
  kind: VersionActionKind,
  versionId: string,
  text = '',
): Promise<VersionSummary> {
  switch (kind) {
    case 'submit':
      return governanceApi.submitVersion(versionId, text.trim());
    case 'publish':
      return governanceApi.publishVersion(versionId, text.trim());
    case 'requestChanges':
      return governanceApi.requestChanges(versionId, text.trim());
    case 'rollback':
      return governanceApi.rollbackVersion(versionId);
  }
}

/**
 * The transitions a person may start on a version, mirroring the server's rules: authors submit their own
 * drafts, admins review what is in review, superusers restore a version that was once published.
 */
export function availableVersionActions(
  version: Pick<VersionSummary, 'state' | 'createdBy' | 'publishedAt'>,
  viewer: { id: string; role: Role },
  canEdit: boolean,
): VersionActionKind[] {
  const actions: VersionActionKind[] = [];
  if (version.state === 'draft' && version.createdBy.id === viewer.id && canEdit) actions.push('submit');
  if (version.state === 'in_review' && hasRole(viewer.role, 'admin'))
    actions.push('publish', 'requestChanges');
  if (version.state === 'archived' && version.publishedAt !== null && viewer.role === 'superuser') {
    actions.push('rollback');
  }
  return actions;
}

/** Whether the server will refuse the transition because the version's code does not compile. */
export function isBlockedByCompileError(
  kind: VersionActionKind,
  version: Pick<VersionSummary, 'compileError'>,
): boolean {
  return version.compileError !== null && kind !== 'requestChanges';
}

export interface PendingVersionAction {
  kind: VersionActionKind;
  version: VersionSummary;
}

/** State of the dialog that confirms a version transition; `onDone` runs after a success. */
export function useVersionActionDialog(onDone: (action: PendingVersionAction) => void | Promise<void>) {
  const { t } = useI18n();
  const toasts = useToasts();
  const pending = shallowRef<PendingVersionAction | null>(null);
  const isBusy = ref(false);
  const error = shallowRef<Message | null>(null);

  function start(kind: VersionActionKind, version: VersionSummary): void {
    error.value = null;
    pending.value = { kind, version };
  }

  function cancel(): void {
    if (!isBusy.value) pending.value = null;
  }

  async function confirm(text: string): Promise<void> {
    const action = pending.value;
    if (!action || isBusy.value) return;
    isBusy.value = true;
    error.value = null;
    try {
      await performVersionAction(action.kind, action.version.id, text);
      pending.value = null;
      toasts.show(
        t(`governance.versionActions.${action.kind}.done`, {
          n: action.version.number,
          name: action.version.createdBy.name,
        }),
        { kind: 'success' },
      );
      await onDone(action);
    } catch (caught) {
      error.value = governanceErrorMessage(caught);
    } finally {
      isBusy.value = false;
    }
  }

  return { pending, isBusy, error, start, cancel, confirm };
}
