import type { Version } from '@skriptoteket/contracts';

/** What the studio edits and saves as a new version: the parts of a version a contributor writes. */
export interface StudioContent {
  sourceCode: string;
  entrypoint: string;
  inputSchema: unknown[];
  settingsSchema: unknown[];
  usageInstructions: string;
}

export const contentOf = (version: Version): StudioContent => ({
  sourceCode: version.sourceCode,
  entrypoint: version.entrypoint,
  inputSchema: version.inputSchema,
  settingsSchema: version.settingsSchema,
  usageInstructions: version.usageInstructions,
});

export const cloneContent = (content: StudioContent): StudioContent =>
  JSON.parse(JSON.stringify(content)) as StudioContent;

export const isSameContent = (a: StudioContent, b: StudioContent): boolean =>
  JSON.stringify(a) === JSON.stringify(b);
