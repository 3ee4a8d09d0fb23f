/*
 * The web imports runtime values only from the zod-free entry of the contracts: loading zod in the browser
 * makes it probe `new Function`, which the strict CSP (no 'unsafe-eval') reports on every page load.
 */
export {
  auditActions,
  errorCodes,
  hasRole,
  isErrorCode,
  isLocale,
  locales,
  roles,
  toolStatuses,
  versionStates,
} from '@skriptoteket/contracts/values';
