/**
 * Why a run did not succeed, as a stable code, and what a teacher reads about it in Swedish and English. The
 * stored error summary keeps the tool contract's technical form ("Execution timed out.", "SyntaxError: … (line
 * L, col C)"); people see these texts instead, and maintainers can still read the technical one. Zod-free: the
 * browser imports it through '@skriptoteket/contracts/values'.
 */
import type { Locale } from './values';

export const runErrorCodes = [
  /** The tool raised ToolUserError: its own message is what the user reads. */
  'tool_error',
  /** Any other exception in the tool (contract: "Tool execution failed (<Class>)."). */
  'tool_crashed',
  'syntax_error',
  'timed_out',
  'memory_limit',
  'process_limit',
  'cpu_limit',
  'disk_limit',
  'output_limit',
  /** The tool's process died of a signal nobody can attribute. */
  'killed',
  'contract_violation',
  'artifact_violation',
  /** The worker running it stopped (crashed, machine restarted); the lease ran out. */
  'worker_lost',
  /** Something in the platform failed (storage, database): not the tool's fault. */
  'platform_error',
  'cancelled',
] as const;
export type RunErrorCode = (typeof runErrorCodes)[number];

export function isRunErrorCode(value: unknown): value is RunErrorCode {
  return typeof value === 'string' && (runErrorCodes as readonly string[]).includes(value);
}

type Texts = Record<Exclude<RunErrorCode, 'tool_error'>, string>;

const sv: Texts = {
  tool_crashed:
    'Verktyget stötte på ett oväntat fel och kunde inte göra klart. Försök igen, och hör av dig till den som underhåller verktyget om det händer igen.',
  syntax_error:
    'Verktyget har ett fel i sin kod och kan inte köras just nu. Den som underhåller verktyget behöver rätta det.',
  timed_out: 'Verktyget tog för lång tid och stoppades. Försök med mindre filer eller färre val.',
  memory_limit: 'Verktyget behövde mer minne än det får använda och stoppades. Försök med mindre filer.',
  process_limit: 'Verktyget startade för många processer och stoppades.',
  cpu_limit: 'Verktyget räknade för länge och stoppades. Försök med mindre filer eller färre val.',
  disk_limit: 'Verktyget skrev mer data än det får och stoppades. Försök med mindre filer.',
  output_limit: 'Verktyget skrev ut för mycket text och stoppades.',
  killed: 'Verktyget avbröts oväntat. Försök igen.',
  contract_violation:
    'Verktyget lämnade inget resultat som går att visa. Hör av dig till den som underhåller verktyget.',
  artifact_violation:
    'Verktyget skapade filer som inte får laddas ner (till exempel länkar). Hör av dig till den som underhåller verktyget.',
  worker_lost: 'Körningen avbröts oväntat eftersom servern som körde den stannade. Försök igen.',
  platform_error: 'Körningen kunde inte genomföras på grund av ett fel hos oss. Försök igen om en stund.',
  cancelled: 'Körningen avbröts.',
};

const en: Texts = {
  tool_crashed:
    'The tool ran into an unexpected error and could not finish. Try again, and tell the tool’s maintainer if it happens again.',
  syntax_error: 'The tool has an error in its code and cannot run right now. Its maintainer needs to fix it.',
  timed_out: 'The tool took too long and was stopped. Try smaller files or fewer options.',
  memory_limit: 'The tool needed more memory than it may use and was stopped. Try smaller files.',
  process_limit: 'The tool started too many processes and was stopped.',
  cpu_limit: 'The tool computed for too long and was stopped. Try smaller files or fewer options.',
  disk_limit: 'The tool wrote more data than it may and was stopped. Try smaller files.',
  output_limit: 'The tool printed too much text and was stopped.',
  killed: 'The tool stopped unexpectedly. Try again.',
  contract_violation: 'The tool left no result that can be shown. Tell the tool’s maintainer.',
  artifact_violation:
    'The tool created files that cannot be offered for download (such as links). Tell the tool’s maintainer.',
  worker_lost: 'The run stopped unexpectedly because the server running it stopped. Try again.',
  platform_error: 'The run could not be completed because of a problem on our side. Try again in a moment.',
  cancelled: 'The run was cancelled.',
};

/**
 * What the person who ran the tool reads. A tool's own ToolUserError message is shown as the tool wrote it
 * (tools are written in the school's language); everything else in the reader's language.
 */
export function runErrorMessage(code: RunErrorCode, locale: Locale, toolMessage: string | null): string {
  if (code === 'tool_error')
    return toolMessage ?? (locale === 'en' ? 'An error occurred.' : 'Ett fel inträffade.');
  return (locale === 'en' ? en : sv)[code];
}
