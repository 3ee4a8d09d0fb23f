/*
 * The web imports runtime values only from the zod-free entry of the contracts: loading zod in the browser
 * makes it probe `new Function`, which the strict CSP (no 'unsafe-eval') reports on every page load.
 */
export {
  auditActions,
  checkUploads,
  coerceFieldValue,
  errorCodes,
  fileCountBounds,
  hasRole,
  isErrorCode,
  isLocale,
  isTerminalRunStatus,
  locales,
  readSchemaFields,
  requiredFieldMessage,
  roles,
  toolStatuses,
  versionStates,
} from '@skriptoteket/contracts/values';
