import {
  MAX_SAMPLE_BYTES,
  text,
  TOOL_EXPORT_FORMAT,
  TOOL_EXPORT_FORMAT_VERSION,
  validateInputSchema,
  validateSettingsSchema,
  type TextIssue,
  type ToolExport,
} from '@skriptoteket/contracts';
import type { ToolRecord, VersionRecord } from '../authoring/authoring.model';

/** A sample input file as stored with its tool. */
export interface SampleRecord {
  name: string;
  bytes: number;
  content: Uint8Array;
}

/** The rules a tool export must meet beyond its shape; each broken one is an issue naming where. */
export function toolExportIssues(doc: ToolExport): TextIssue[] {
  const issues: TextIssue[] = [];
  const numbers = new Set<number>();
  let active = 0;
  doc.versions.forEach((version, i) => {
    const at = (...rest: (string | number)[]) => ['versions', i, ...rest];
    if (numbers.has(version.number))
      issues.push({
        path: at('number'),
        message: text(
          `Versionsnummer ${version.number} finns två gånger.`,
          `Version number ${version.number} appears twice.`,
        ),
      });
    numbers.add(version.number);
    if (version.state === 'active') active += 1;
    for (const issue of validateInputSchema(version.inputSchema))
      issues.push({ ...issue, path: at('inputSchema', ...issue.path) });
    for (const issue of validateSettingsSchema(version.settingsSchema))
      issues.push({ ...issue, path: at('settingsSchema', ...issue.path) });
  });
  if (active > 1)
    issues.push({
      path: ['versions'],
      message: text(
        'Högst en version får vara aktiv (publicerad).',
        'At most one version may be active (published).',
      ),
    });
  const names = new Set<string>();
  doc.samples.forEach((sample, i) => {
    if (!isBareFileName(sample.name) || names.has(sample.name))
      issues.push({
        path: ['samples', i, 'name'],
        message: text(
          `Exempelfilen "${sample.name}" har ett ogiltigt eller upprepat namn.`,
          `The sample file "${sample.name}" has an invalid or repeated name.`,
        ),
      });
    names.add(sample.name);
    if (decodedLength(sample.contentBase64) > MAX_SAMPLE_BYTES)
      issues.push({
        path: ['samples', i, 'contentBase64'],
        message: text(
          `Exempelfilen "${sample.name}" är större än 2 MB.`,
          `The sample file "${sample.name}" is larger than 2 MB.`,
        ),
      });
  });
  return issues;
}

/** A plain file name: what the run's upload rules would accept as a name. */
function isBareFileName(name: string): boolean {
  const hasControl = [...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  return (
    name !== '.' &&
    name !== '..' &&
    !name.includes('/') &&
    !name.includes('\\') &&
    !hasControl &&
    Buffer.byteLength(name) <= 255
  );
}

function decodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

export function decodeSamples(doc: ToolExport): SampleRecord[] {
  return doc.samples.map((sample) => {
    const content = new Uint8Array(Buffer.from(sample.contentBase64, 'base64'));
    return { name: sample.name, bytes: content.byteLength, content };
  });
}

/** The export document of a tool: content and state of every version (oldest first), taxonomy, samples. */
export function toolExportOf(
  tool: ToolRecord,
  taxonomy: { professions: string[]; categories: string[] },
  versions: VersionRecord[],
  samples: SampleRecord[],
  now: Date,
): ToolExport {
  return {
    format: TOOL_EXPORT_FORMAT,
    formatVersion: TOOL_EXPORT_FORMAT_VERSION,
    exportedAt: now.toISOString(),
    tool: {
      slug: tool.slug,
      title: tool.title,
      summary: tool.summary,
      professions: [...taxonomy.professions].sort(),
      categories: [...taxonomy.categories].sort(),
    },
    versions: [...versions]
      .sort((a, b) => a.number - b.number)
      .map((v) => ({
        number: v.number,
        state: v.state,
        sourceCode: v.sourceCode,
        entrypoint: v.entrypoint,
        inputSchema: v.inputSchema,
        settingsSchema: v.settingsSchema,
        usageInstructions: v.usageInstructions,
        createdAt: v.createdAt.toISOString(),
        submitNote: v.submitNote,
        reviewMessage: v.reviewMessage,
        changeSummary: v.changeSummary,
        publishedAt: v.publishedAt?.toISOString() ?? null,
      })),
    samples: [...samples]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((s) => ({ name: s.name, contentBase64: Buffer.from(s.content).toString('base64') })),
  };
}

/** A file name for the download: the slug and the date. */
export function exportFileName(slug: string, now: Date): string {
  return `${slug}-${now.toISOString().slice(0, 10)}.skriptoteket.json`;
}
