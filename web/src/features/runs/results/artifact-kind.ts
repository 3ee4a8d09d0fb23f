export type ArtifactKind = 'document' | 'spreadsheet' | 'pdf' | 'image' | 'archive' | 'other';

const KIND_BY_EXTENSION: Record<string, ArtifactKind> = {
  pdf: 'pdf',
  doc: 'document',
  docx: 'document',
  odt: 'document',
  rtf: 'document',
  txt: 'document',
  md: 'document',
  html: 'document',
  htm: 'document',
  pptx: 'document',
  odp: 'document',
  xls: 'spreadsheet',
  xlsx: 'spreadsheet',
  ods: 'spreadsheet',
  csv: 'spreadsheet',
  tsv: 'spreadsheet',
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  gif: 'image',
  svg: 'image',
  webp: 'image',
  zip: 'archive',
  gz: 'archive',
  tgz: 'archive',
  tar: 'archive',
  '7z': 'archive',
};

/** The kind of file by its extension, for the icon beside a download. */
export function artifactKind(name: string): ArtifactKind {
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  return Object.hasOwn(KIND_BY_EXTENSION, extension) ? KIND_BY_EXTENSION[extension]! : 'other';
}

/** The name the person sees: the contract path `output/<relative>` without `output/`. */
export function artifactName(path: string): string {
  return path.startsWith('output/') ? path.slice('output/'.length) : path;
}
