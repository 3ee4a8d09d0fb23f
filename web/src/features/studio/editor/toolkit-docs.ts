/**
 * What the editor knows about the tool contract (docs/TOOL-CONTRACT.md): the helper modules in /runner and the
 * shapes of outputs and next actions, for completions and hover help. Plain data, so it is tested without a DOM.
 */
export interface ApiDoc {
  /** The completion label, e.g. `read_inputs`. */
  label: string;
  /** The signature or shape shown beside it. */
  detail: string;
  /** One or two sentences in Swedish (the contract's helper modules speak Swedish to users). */
  info: string;
  /** Text inserted, when it differs from the label (a snippet template with ${} fields). */
  template?: string;
  type: 'function' | 'class' | 'module' | 'keyword' | 'text';
}

export const TOOLKIT_FUNCTIONS: ApiDoc[] = [
  {
    label: 'read_inputs',
    detail: '() -> dict',
    info: 'Formulärets värden efter serverns kontroll, t.ex. {"klass": "7B"}. {} om inget finns.',
    type: 'function',
  },
  {
    label: 'list_input_files',
    detail: '() -> list[dict]',
    info: 'De uppladdade filerna som [{"name", "path", "bytes"}], i uppladdningsordning.',
    type: 'function',
  },
  {
    label: 'read_input_manifest',
    detail: '() -> dict',
    info: '{"files": [...]} — samma filer som list_input_files, som rådata.',
    type: 'function',
  },
  {
    label: 'read_action',
    detail: '() -> dict | None',
    info: 'Vid ett nästa steg: {"action_id", "input", "state"}; annars None.',
    type: 'function',
  },
  {
    label: 'get_action_parts',
    detail: '() -> (action_id, input, state)',
    info: 'Som read_action men uppdelat: (None, {}, {}) vid en första körning.',
    type: 'function',
  },
  {
    label: 'read_memory',
    detail: '() -> dict',
    info: 'Hela /work/memory.json som dict.',
    type: 'function',
  },
  {
    label: 'read_settings',
    detail: '() -> dict',
    info: 'Användarens sparade inställningar för verktyget (enligt settings_schema).',
    type: 'function',
  },
];

export const MODULE_DOCS: ApiDoc[] = [
  {
    label: 'skriptoteket_toolkit',
    detail: 'modul',
    info: 'Plattformens hjälpfunktioner: read_inputs, list_input_files, read_action, read_settings …',
    type: 'module',
  },
  {
    label: 'ToolUserError',
    detail: 'class ToolUserError(message)',
    info: 'Avbryt körningen med ett meddelande som användaren ser, t.ex. raise ToolUserError("Filen saknas.").',
    type: 'class',
  },
  {
    label: 'save_as_pdf',
    detail: '(html, output_dir, filename) -> str',
    info: 'Gör en PDF av HTML under output_dir (filnamnet slutar på .pdf) och ger sökvägen. Fel blir ToolUserError.',
    type: 'function',
  },
  {
    label: 'from skriptoteket_toolkit import',
    detail: 'import',
    info: 'Importera plattformens hjälpfunktioner.',
    template: 'from skriptoteket_toolkit import read_inputs, list_input_files',
    type: 'keyword',
  },
  {
    label: 'from tool_errors import ToolUserError',
    detail: 'import',
    info: 'Fel med ett meddelande till användaren.',
    type: 'keyword',
  },
  {
    label: 'from pdf_helper import save_as_pdf',
    detail: 'import',
    info: 'HTML till PDF med WeasyPrint.',
    type: 'keyword',
  },
];

/** Output dictionaries and next actions, as snippets (`${name}` marks a field to fill in). */
export const OUTPUT_SNIPPETS: ApiDoc[] = [
  {
    label: 'notice',
    detail: '{"kind": "notice", "level", "message"}',
    info: 'Ett kort meddelande; level är info, warning eller error.',
    template: '{"kind": "notice", "level": "${info}", "message": "${Klart!}"}',
    type: 'text',
  },
  {
    label: 'markdown',
    detail: '{"kind": "markdown", "markdown"}',
    info: 'Formaterad text (Markdown, högst 64 KiB). Ingen HTML körs.',
    template: '{"kind": "markdown", "markdown": "${## Rubrik}"}',
    type: 'text',
  },
  {
    label: 'table',
    detail: '{"kind": "table", "title", "columns", "rows"}',
    info: 'En tabell: columns [{key, label}], rows [{key: värde}]; högst 40 kolumner och 750 rader.',
    template:
      '{"kind": "table", "title": "${Resultat}", "columns": [{"key": "namn", "label": "Namn"}], "rows": [${}]}',
    type: 'text',
  },
  {
    label: 'json',
    detail: '{"kind": "json", "title", "value"}',
    info: 'Valfritt JSON-värde, visas som ett träd.',
    template: '{"kind": "json", "title": "${Data}", "value": {${}}}',
    type: 'text',
  },
  {
    label: 'html_sandboxed',
    detail: '{"kind": "html_sandboxed", "html"}',
    info: 'HTML som visas i en isolerad ram utan skript.',
    template: '{"kind": "html_sandboxed", "html": "${<p>Hej</p>}"}',
    type: 'text',
  },
  {
    label: 'vega_lite',
    detail: '{"kind": "vega_lite", "spec"}',
    info: 'Ett diagram (Vega-Lite) med data inline.',
    template: '{"kind": "vega_lite", "spec": {"mark": "bar", "data": {"values": [${}]}}}',
    type: 'text',
  },
  {
    label: 'next_action',
    detail: '{"action_id", "label", "kind": "form", "fields", "prefill"}',
    info: 'Ett nästa steg: ett formulär som kör verktyget igen med read_action().',
    template:
      '{"action_id": "${steg2}", "label": "${Fortsätt}", "kind": "form", "fields": [{"name": "${val}", "label": "${Val}", "kind": "string"}], "prefill": {}}',
    type: 'text',
  },
  {
    label: 'result',
    detail: '{"outputs": [...], "next_actions": [...], "state": {...}}',
    info: 'Det som run_tool returnerar: utdata, nästa steg och tillstånd till nästa steg.',
    template: '{"outputs": [${}], "next_actions": [], "state": None}',
    type: 'text',
  },
];

/** The contract's keys of output and action dicts, with their meaning, for hover help inside strings. */
export const KEY_DOCS: Record<string, string> = {
  outputs: 'Lista med utdata (notice, markdown, table, json, html_sandboxed, vega_lite); högst 50.',
  next_actions: 'Lista med nästa steg (formulär); högst 10.',
  state: 'Ett objekt som sparas till nästa steg (read_action()["state"]); högst 64 KiB.',
  kind: 'Typ av utdata: notice, markdown, table, json, html_sandboxed eller vega_lite; för steg: "form".',
  level: 'För notice: info, warning eller error.',
  action_id: 'Stegets id; kommer tillbaka i read_action()["action_id"].',
  prefill: 'Förifyllda värden per fältnamn i ett nästa steg.',
  columns: 'Tabellens kolumner: [{"key", "label"}], unika nycklar, högst 40.',
  rows: 'Tabellens rader: [{nyckel: värde}], högst 750; bara enkla värden.',
};

const BY_NAME = new Map([...TOOLKIT_FUNCTIONS, ...MODULE_DOCS].map((doc) => [doc.label, doc]));

/** The doc of a word under the pointer, or of a quoted contract key; null when there is none. */
export function docFor(word: string): { title: string; info: string } | null {
  const doc = BY_NAME.get(word);
  if (doc)
    return {
      title: `${doc.label}${doc.detail.startsWith('(') ? doc.detail : ` — ${doc.detail}`}`,
      info: doc.info,
    };
  const key = Object.hasOwn(KEY_DOCS, word) ? KEY_DOCS[word] : undefined;
  if (key) return { title: `"${word}"`, info: key };
  if (word === 'run_tool')
    return {
      title: 'run_tool(input_dir, output_dir)',
      info: 'Verktygets startpunkt. input_dir är /work/input, output_dir /work/output: filer du skriver där blir nedladdningsbara.',
    };
  return null;
}
