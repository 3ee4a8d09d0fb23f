import type { InputFieldKind, SchemaField, ToolPage } from '@skriptoteket/contracts';

/** One input of a tool as the read-only summary "Det här behöver verktyget" shows it. */
export interface InputNeed {
  name: string;
  label: string;
  kind: InputFieldKind;
  isRequired: boolean;
  help: string;
  /** Labels of the choices of a choice field. */
  options: string[];
  /** For the file field: how many files (after the server's limit) and which types. */
  files: { min: number; max: number; accept: string[] } | null;
}

const KINDS: readonly string[] = ['string', 'text', 'integer', 'number', 'boolean', 'enum', 'file'];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const count = (value: unknown, fallback: number) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;

/**
 * The fields of a published tool's input_schema, in order. The server validated the schema on save;
 * anything unexpected is still skipped rather than shown half-understood.
 */
export function describeInputs(schema: readonly unknown[], limits: ToolPage['uploadLimits']): InputNeed[] {
  return schema.flatMap((raw): InputNeed[] => {
    if (!isObject(raw) || typeof raw.name !== 'string' || typeof raw.label !== 'string') return [];
    if (typeof raw.kind !== 'string' || !KINDS.includes(raw.kind)) return [];
    const field = raw as unknown as SchemaField & { kind: InputFieldKind };
    const options = Array.isArray(field.options)
      ? field.options.flatMap((o) => (isObject(o) && typeof o.label === 'string' ? [o.label] : []))
      : [];
    let files: InputNeed['files'] = null;
    if (field.kind === 'file') {
      const max = Math.max(1, Math.min(count(field.max, 1), limits.maxFiles));
      const min = Math.min(count(field.min, 0), max);
      const accept = Array.isArray(field.accept) ? field.accept.filter((a) => typeof a === 'string') : [];
      files = { min, max, accept };
    }
    return [
      {
        name: field.name,
        label: field.label,
        kind: field.kind,
        isRequired: field.required === true || (files !== null && files.min > 0),
        help: typeof field.help === 'string' ? field.help : '',
        options,
        files,
      },
    ];
  });
}

/** Which sentence says how many files: "1 fil", "Högst 5 filer", "2 till 5 filer", "Minst 1 fil". */
export function fileCountKey(files: { min: number; max: number }): { key: string; n: number } {
  if (files.min === files.max) return { key: 'catalog.tool.fileCountExact', n: files.max };
  if (files.min === 0) return { key: 'catalog.tool.fileCountUpTo', n: files.max };
  return { key: 'catalog.tool.fileCountRange', n: files.max };
}
