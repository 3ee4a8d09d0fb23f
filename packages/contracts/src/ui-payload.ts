/**
 * The stored, normalized result of a run (TOOL-CONTRACT.md §3): what the run page and the run history render,
 * forever. Keys are the contract's own (snake_case). Types only, no runtime code: the browser imports this file.
 */
import type { FieldOption } from './tool-schema';

/** Integers outside ±Number.MAX_SAFE_INTEGER are `bigint`, so they round-trip exactly (contract §2). */
export type JsonPrimitive = string | number | bigint | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export type UiOutputKind = 'notice' | 'markdown' | 'table' | 'json' | 'html_sandboxed' | 'vega_lite';
export type NoticeLevel = 'info' | 'warning' | 'error';

export interface NoticeOutput {
  kind: 'notice';
  level: NoticeLevel;
  /** Stripped, non-blank, at most 8 KiB. The platform's own warnings start with `System notice: `. */
  message: string;
}

export interface MarkdownOutput {
  kind: 'markdown';
  /** Non-empty, at most 64 KiB; rendered sanitized (no raw HTML execution). */
  markdown: string;
}

export type TableCell = string | number | bigint | boolean | null;

export interface TableColumn {
  key: string;
  label: string;
}

/** Keys in column order; a column the tool gave no value for is absent. */
export type TableRow = Record<string, TableCell>;

export interface TableOutput {
  kind: 'table';
  title?: string;
  /** 1 to 40 columns with unique keys. */
  columns: TableColumn[];
  /** At most 750 rows; string cells at most 512 bytes. */
  rows: TableRow[];
}

export interface JsonOutput {
  kind: 'json';
  title?: string;
  /** Keys sorted; depth ≤ 10, ≤ 1 000 keys per object, ≤ 2 000 items per array, ≤ 96 KiB serialized. */
  value: JsonValue;
}

export interface HtmlSandboxedOutput {
  kind: 'html_sandboxed';
  /** Non-empty, at most 96 KiB; rendered in an `<iframe sandbox>` without scripts or same-origin. */
  html: string;
}

export interface VegaLiteOutput {
  kind: 'vega_lite';
  /** A Vega-Lite spec with inline data only (every `data` with a `url` was replaced), at most 256 KiB. */
  spec: JsonObject;
}

export type UiOutput =
  NoticeOutput | MarkdownOutput | TableOutput | JsonOutput | HtmlSandboxedOutput | VegaLiteOutput;

export type ActionFieldKind = 'string' | 'text' | 'integer' | 'number' | 'boolean' | 'enum' | 'multi_enum';

export interface ActionField {
  name: string;
  label: string;
  kind: ActionFieldKind;
  /** Only `enum` (≤ 100) and `multi_enum` (≤ 200), and always there for them. */
  options?: FieldOption[];
}

export interface NextAction {
  action_id: string;
  label: string;
  kind: 'form';
  /** At most 25. */
  fields: ActionField[];
  /** Initial values only; every entry matches its field's kind and options. Keys sorted. */
  prefill: JsonObject;
}

export interface UiPayload {
  contract_version: 2;
  /** At most 50, the platform's `System notice: ` warnings included (they come last). */
  outputs: UiOutput[];
  /** At most 10, ordered by `action_id`. */
  next_actions: NextAction[];
  /**
   * The state to store for the session (keys sorted, ≤ 64 KiB), or null when this run leaves the stored state
   * alone (a first run that offers no next actions).
   */
  state: JsonObject | null;
}
