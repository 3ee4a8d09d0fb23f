import type { SourceFinding } from './sandbox.ports';

const SEVERITIES = new Set(['error', 'warning', 'info']);
const MAX_FINDINGS = 200;

const isInt = (value: unknown): value is number => Number.isInteger(value);

/**
 * Reads the diagnostics program's report: 0-based columns become 1-based, anything malformed is dropped (the
 * report comes out of a sandbox that ran hostile source's parser, so nothing in it is trusted). Null when the
 * output is not a report at all.
 */
export function parseDiagnosticsReport(stdout: string): SourceFinding[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return null;
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !Array.isArray((parsed as { diagnostics?: unknown }).diagnostics)
  )
    return null;
  const findings: SourceFinding[] = [];
  for (const item of (parsed as { diagnostics: unknown[] }).diagnostics.slice(0, MAX_FINDINGS)) {
    const finding = toFinding(item);
    if (finding) findings.push(finding);
  }
  return findings;
}

function toFinding(item: unknown): SourceFinding | null {
  if (typeof item !== 'object' || item === null) return null;
  const raw = item as Record<string, unknown>;
  if (typeof raw['code'] !== 'string' || !/^[A-Za-z-]{1,60}$/.test(raw['code'])) return null;
  if (typeof raw['severity'] !== 'string' || !SEVERITIES.has(raw['severity'])) return null;
  if (!isInt(raw['line']) || raw['line'] < 1 || !isInt(raw['col']) || raw['col'] < 0) return null;
  const hasEnd = isInt(raw['endLine']) && isInt(raw['endCol']) && raw['endLine'] >= raw['line'];
  const args = Array.isArray(raw['args'])
    ? raw['args'].filter((arg): arg is string => typeof arg === 'string').map((arg) => arg.slice(0, 200))
    : [];
  return {
    code: raw['code'],
    severity: raw['severity'] as SourceFinding['severity'],
    line: raw['line'],
    column: raw['col'] + 1,
    endLine: hasEnd ? (raw['endLine'] as number) : null,
    endColumn: hasEnd ? (raw['endCol'] as number) + 1 : null,
    args,
  };
}
