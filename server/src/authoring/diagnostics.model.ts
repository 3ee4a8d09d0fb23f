import { text, type Text } from '@skriptoteket/contracts';
import type { SourceFinding } from '../sandbox/sandbox.ports';

export interface DescribedFinding extends Omit<SourceFinding, 'args'> {
  message: Text;
}

type Describe = (args: string[]) => Text;

const NO_NETWORK = text(
  'Verktyg har inget nätverk i sandlådan, så anropet kommer att misslyckas.',
  'Tools have no network in the sandbox, so the call will fail.',
);

/** Messages by finding code; `args[0]` is the name, module or path the finding is about. */
const DESCRIPTIONS: Record<string, Describe> = {
  'syntax-error': ([message]) =>
    text(`Syntaxfel: ${message ?? 'ogiltig syntax'}.`, `Syntax error: ${message ?? 'invalid syntax'}.`),
  'too-complex': () =>
    text(
      'Koden är för djupt nästlad eller för stor för att kontrolleras.',
      'The code is too deeply nested or too large to check.',
    ),
  'entrypoint-missing': ([name]) =>
    text(
      `Funktionen ${name}(input_dir, output_dir) saknas. Plattformen anropar den när verktyget körs.`,
      `The function ${name}(input_dir, output_dir) is missing. The platform calls it to run the tool.`,
    ),
  'entrypoint-async': ([name]) =>
    text(
      `${name} får inte vara async: plattformen anropar den som en vanlig funktion.`,
      `${name} must not be async: the platform calls it as a plain function.`,
    ),
  'entrypoint-signature': ([name]) =>
    text(
      `${name} ska ta emot två argument, input_dir och output_dir: def ${name}(input_dir, output_dir).`,
      `${name} must take two arguments, input_dir and output_dir: def ${name}(input_dir, output_dir).`,
    ),
  network: ([module]) => text(`${module}: ${NO_NETWORK.sv}`, `${module}: ${NO_NETWORK.en}`),
  subprocess: ([what]) =>
    text(
      `${what}: andra program körs i samma sandlåda, utan nätverk, och bara program som finns i körmiljön (t.ex. pandoc) går att starta.`,
      `${what}: other programs run in the same sandbox, without network, and only programs the runtime has (e.g. pandoc) can start.`,
    ),
  'write-outside-output': ([path]) =>
    text(
      `Skrivning till ${path} misslyckas: bara output_dir (och /tmp) går att skriva i. Filer i output_dir blir nedladdningsbara.`,
      `Writing to ${path} fails: only output_dir (and /tmp) are writable. Files in output_dir become downloads.`,
    ),
  'pyflakes-unavailable': () =>
    text(
      'Kontrollen av odefinierade namn och oanvända importer är inte tillgänglig på den här servern.',
      'The check for undefined names and unused imports is not available on this server.',
    ),
  UndefinedName: ([name]) => text(`Namnet ${name} är inte definierat.`, `The name ${name} is not defined.`),
  UndefinedLocal: ([name]) =>
    text(
      `Den lokala variabeln ${name} används innan den får ett värde.`,
      `The local variable ${name} is used before it is assigned.`,
    ),
  UndefinedExport: ([name]) =>
    text(`${name} finns i __all__ men är inte definierat.`, `${name} is in __all__ but not defined.`),
  UnusedImport: ([name]) =>
    text(`${name} importeras men används inte.`, `${name} is imported but never used.`),
  UnusedVariable: ([name]) =>
    text(
      `Variabeln ${name} får ett värde som aldrig används.`,
      `The variable ${name} is assigned but never used.`,
    ),
  RedefinedWhileUnused: ([name]) =>
    text(`${name} definieras igen utan att ha använts.`, `${name} is redefined without being used.`),
  ImportStarUsed: ([module]) =>
    text(
      `from ${module} import * gör det svårt att se vilka namn som finns.`,
      `from ${module} import * hides which names exist.`,
    ),
};

/** `UndefinedName` → `undefined-name`; our own codes are already kebab-case. */
export function findingCode(code: string): string {
  return code.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** A finding with its message in both languages; unknown pyflakes findings keep pyflakes' own words. */
export function describeFinding({ args, ...finding }: SourceFinding): DescribedFinding {
  const describe = Object.hasOwn(DESCRIPTIONS, finding.code) ? DESCRIPTIONS[finding.code] : undefined;
  const fallback = `${finding.code}${args.length > 0 ? `: ${args.join(', ')}` : ''}`;
  return {
    ...finding,
    code: findingCode(finding.code),
    message: describe ? describe(args) : text(fallback, fallback),
  };
}
