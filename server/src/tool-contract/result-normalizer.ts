/**
 * A parsed result.json → what a run stores (TOOL-CONTRACT.md §2–§3). Trusts nothing in it, and is
 * deterministic: the same input always gives the same stored payload, notices included.
 *
 * Order of the stored outputs: the tool's outputs (invalid ones replaced in place by a `System notice: `
 * warning), then the trailing system notices: each kept output's cut, the next actions', the state's, the text
 * repairs', the payload budget's, and last the count of outputs dropped to stay within 50.
 */
import type { JsonObject, JsonValue, NextAction, UiPayload } from '@skriptoteket/contracts';
import { byCodeUnits, normalizeActions } from './actions.normalizer';
import {
  LIMITS,
  capJson,
  capNotes,
  fmt,
  jsonBytes,
  plural,
  quote,
  repairNotes,
  repairText,
  sanitizeJson,
  systemNotice,
  were,
  type JsonCapCounts,
  type TextRepairs,
} from './normalize-helpers';
import { normalizeOutput, type NormalizedOutput } from './outputs.normalizer';

export const CONTRACT_VIOLATION = 'Execution failed (runner contract violation).';

export interface ArtifactClaim {
  /** `output/<relative>`; the server re-lists the directory itself, this is only the harness's claim. */
  path: string;
  bytes: number;
}

export interface NormalizedResult {
  status: 'succeeded' | 'failed';
  errorSummary: string | null;
  payload: UiPayload;
  artifactsClaimed: ArtifactClaim[];
}

interface TopLevel {
  status: 'succeeded' | 'failed';
  errorSummary: string | null;
  outputs: unknown[];
  nextActions: unknown[];
  state: unknown;
  artifacts: unknown[];
}

/**
 * `raw` is the parsed result.json (parseJsonExact). `isActionRun` decides the state: an action run always
 * replaces it (null → {}); a first run only when it offers next actions, else `payload.state` is null.
 */
export function normalizeResult(raw: unknown, opts: { isActionRun: boolean }): NormalizedResult {
  const top = readTopLevel(raw);
  if (!top) {
    const payload = {
      contract_version: 2 as const,
      outputs: [],
      next_actions: [],
      state: opts.isActionRun ? {} : null,
    };
    return { status: 'failed', errorSummary: CONTRACT_VIOLATION, payload, artifactsClaimed: [] };
  }
  const repairs: TextRepairs = { nul: 0, surrogates: 0, deep: 0 };
  // Every output takes at least one of the 50 places (itself or the note of its drop), so later ones cannot stay.
  const outputs = top.outputs
    .slice(0, LIMITS.outputs)
    .map((output, index) => normalizeOutput(sanitizeJson(output, repairs) ?? null, index + 1));
  const actions = normalizeActions(top.nextActions.map((action) => sanitizeJson(action, repairs) ?? null));
  const hasState = opts.isActionRun || actions.actions.length > 0;
  const state = hasState
    ? normalizeState(sanitizeJson(top.state, repairs) ?? null)
    : { value: null, notes: [] };
  const fixedNotes = [...actions.notes, ...state.notes, ...repairNotes(repairs)];
  const kept = keptWithinCount(outputs, fixedNotes.length, top.outputs.length);
  const countNote =
    kept.length < top.outputs.length
      ? `${fmt(top.outputs.length - kept.length)} of ${plural(top.outputs.length, 'output')} ${were(top.outputs.length - kept.length)} dropped (at most ${LIMITS.outputs} outputs in all, system notices included).`
      : null;
  const payload = withinBudget(kept, actions.actions, state.value, fixedNotes, countNote);
  return {
    status: top.status,
    errorSummary: top.errorSummary,
    payload,
    artifactsClaimed: readArtifacts(top.artifacts),
  };
}

const own = (object: object, key: string): unknown =>
  Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;

const isPlainObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Null when the harness's own shape is broken: only a tampered or killed harness writes such a file. */
function readTopLevel(raw: unknown): TopLevel | null {
  if (!isPlainObject(raw) || own(raw, 'contract_version') !== 2) return null;
  const status = own(raw, 'status');
  const summary = own(raw, 'error_summary');
  const [outputs, nextActions, state, artifacts] = ['outputs', 'next_actions', 'state', 'artifacts'].map(
    (key) => own(raw, key),
  );
  if (status !== 'succeeded' && status !== 'failed') return null;
  if (status === 'failed' && (typeof summary !== 'string' || summary.trim() === '')) return null;
  if (summary !== null && typeof summary !== 'string') return null;
  if (!Array.isArray(outputs) || !Array.isArray(nextActions) || !Array.isArray(artifacts)) return null;
  if (state !== null && !isPlainObject(state)) return null;
  const errorSummary = status === 'failed' ? capSummary(summary as string) : null;
  return { status, errorSummary, outputs, nextActions, state, artifacts };
}

/** At most LIMITS.errorSummaryChars code points, the last an ellipsis when cut. */
function capSummary(summary: string): string {
  const text = repairText(summary, { nul: 0, surrogates: 0, deep: 0 }).trim();
  if (text.length <= LIMITS.errorSummaryChars) return text;
  const chars = Array.from(text.slice(0, 2 * LIMITS.errorSummaryChars + 2));
  return chars.length > LIMITS.errorSummaryChars
    ? `${chars.slice(0, LIMITS.errorSummaryChars - 1).join('')}…`
    : text;
}

/** Claims with a safe relative path under output/ and a byte count; the rest is ignored. Sorted by path. */
function readArtifacts(list: unknown[]): ArtifactClaim[] {
  const claims = new Map<string, number>();
  for (const item of list) {
    if (!isPlainObject(item)) continue;
    const path = own(item, 'path');
    const bytes = own(item, 'bytes');
    if (typeof path !== 'string' || !path.startsWith('output/')) continue;
    const segments = path.slice('output/'.length).split('/');
    if (segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\u0000'))) continue;
    if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) continue;
    if (!claims.has(path)) claims.set(path, bytes);
  }
  return [...claims.keys()].sort(byCodeUnits).map((path) => ({ path, bytes: claims.get(path)! }));
}

function normalizeState(raw: JsonValue): { value: JsonObject; notes: string[] } {
  const counts: JsonCapCounts = { keys: 0, items: 0, deep: 0 };
  const value = capJson(raw ?? {}, 0, counts) as JsonObject;
  const bytes = jsonBytes(value);
  if (bytes > LIMITS.stateBytes) {
    const note = `the state was dropped: it is ${fmt(bytes)} bytes (limit ${fmt(LIMITS.stateBytes)}); the next step starts from an empty state.`;
    return { value: {}, notes: [note] };
  }
  const notes = capNotes(counts);
  return { value, notes: notes.length > 0 ? [`the state was cut: ${notes.join('; ')}.`] : [] };
}

/** The longest prefix of the outputs that fits 50 places with every notice it and the rest bring along. */
function keptWithinCount(outputs: NormalizedOutput[], fixedNotes: number, total: number): NormalizedOutput[] {
  let used = fixedNotes;
  let kept = 0;
  for (const entry of outputs) {
    const places = (entry.output ? 1 : 0) + (entry.note ? 1 : 0);
    const countNote = kept + 1 < total ? 1 : 0;
    if (used + places + countNote > LIMITS.outputs) break;
    used += places;
    kept++;
  }
  return outputs.slice(0, kept);
}

const listBytes = (sizes: number[]) => sizes.reduce((sum, n) => sum + n, 0) + Math.max(0, sizes.length - 1);
/** The payload's bytes besides its outputs, actions and state (with a 1-byte stand-in for the state). */
const FRAME_BYTES = jsonBytes({ contract_version: 2, outputs: [], next_actions: [], state: 0 }) - 1;

const largestLast = <T extends { bytes: number }>(items: T[]): T =>
  items.reduce((largest, item) => (item.bytes >= largest.bytes ? item : largest));

/**
 * The whole stored payload ≤ 256 KiB: while it is over, the largest tool output goes (of equal ones the
 * later), then the largest next action, then the state; one notice names them. Sizes are added up rather than
 * re-serialized, since one table alone may be megabytes.
 */
function withinBudget(
  entries: NormalizedOutput[],
  actions: NextAction[],
  state: JsonObject | null,
  fixedNotes: string[],
  countNote: string | null,
): UiPayload {
  let outputs = entries.map((entry, index) => ({
    entry,
    bytes: entry.output ? jsonBytes(entry.output) : 0,
    label: `output ${index + 1}`,
  }));
  let offered = actions.map((action) => ({
    action,
    bytes: jsonBytes(action),
    label: `next action ${quote(action.action_id)}`,
  }));
  let stateValue = state;
  const dropped: string[] = [];
  for (;;) {
    const budgetNote =
      dropped.length > 0
        ? `the stored result must stay within ${fmt(LIMITS.payloadBytes)} bytes, so ${plural(dropped.length, 'part')} ${were(dropped.length)} dropped: ${dropped.join(', ')}.`
        : null;
    const notes = [...outputs.map((o) => o.entry.note), ...fixedNotes, budgetNote, countNote];
    const notices = notes.filter((note): note is string => note !== null).map(systemNotice);
    const shown = outputs.filter((o) => o.entry.output !== null);
    const stateBytes = stateValue === null ? 4 : jsonBytes(stateValue);
    const total =
      FRAME_BYTES +
      listBytes([...shown.map((o) => o.bytes), ...notices.map(jsonBytes)]) +
      listBytes(offered.map((a) => a.bytes)) +
      stateBytes;
    const victim = shown.length > 0 ? largestLast(shown) : offered.length > 0 ? largestLast(offered) : null;
    const canDropState = stateValue !== null && Object.keys(stateValue).length > 0;
    if (total <= LIMITS.payloadBytes || (!victim && !canDropState)) {
      return {
        contract_version: 2,
        outputs: [...shown.map((o) => o.entry.output!), ...notices],
        next_actions: offered.map((a) => a.action),
        state: stateValue,
      };
    }
    if (victim) {
      outputs = outputs.filter((o) => o !== victim);
      offered = offered.filter((a) => a !== victim);
      dropped.push(`${victim.label} (${fmt(victim.bytes)} bytes)`);
    } else {
      dropped.push(`the state (${fmt(stateBytes)} bytes)`);
      stateValue = {};
    }
  }
}
