import {
  snippetCompletion,
  type Completion,
  type CompletionContext,
  type CompletionResult,
} from '@codemirror/autocomplete';
import { python, pythonLanguage } from '@codemirror/lang-python';
import { indentUnit } from '@codemirror/language';
import { lintGutter, linter, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import type { Extension, Text } from '@codemirror/state';
import { EditorView, hoverTooltip } from '@codemirror/view';
import type { Diagnostic } from '@skriptoteket/contracts';
import { docFor, MODULE_DOCS, OUTPUT_SNIPPETS, TOOLKIT_FUNCTIONS, type ApiDoc } from './toolkit-docs';

function completionOf(doc: ApiDoc): Completion {
  const base: Completion = { label: doc.label, detail: doc.detail, info: doc.info, type: doc.type, boost: 5 };
  return doc.template ? snippetCompletion(doc.template, base) : base;
}

const CONTRACT_COMPLETIONS = [...TOOLKIT_FUNCTIONS, ...MODULE_DOCS, ...OUTPUT_SNIPPETS].map(completionOf);

/** Contract-aware completions beside Python's own: the helper modules, outputs and next actions. */
export function contractCompletions(context: CompletionContext): CompletionResult | null {
  const word = context.matchBefore(/[\w.]+/);
  if (!word && !context.explicit) return null;
  return { from: word?.from ?? context.pos, options: CONTRACT_COMPLETIONS, validFor: /^[\w.]*$/ };
}

const contractHover = hoverTooltip((view, pos) => {
  const range = view.state.wordAt(pos);
  if (!range) return null;
  const doc = docFor(view.state.sliceDoc(range.from, range.to));
  if (!doc) return null;
  return {
    pos: range.from,
    end: range.to,
    above: true,
    create: () => {
      const dom = document.createElement('div');
      dom.className = 'studio-hover';
      const title = document.createElement('code');
      title.textContent = doc.title;
      const info = document.createElement('p');
      info.textContent = doc.info;
      dom.append(title, info);
      return { dom };
    },
  };
});

/** A server diagnostic (1-based line/column in characters) as a CodeMirror range in `doc`. */
export function toEditorDiagnostic(doc: Text, item: Diagnostic): CmDiagnostic {
  const lineNumber = Math.min(Math.max(item.line, 1), doc.lines);
  const line = doc.line(lineNumber);
  const from = Math.min(line.from + Math.max(item.column - 1, 0), line.to);
  let to: number;
  if (item.endLine !== null && item.endColumn !== null && item.endLine <= doc.lines) {
    const end = doc.line(item.endLine);
    to = Math.min(end.from + Math.max(item.endColumn - 1, 0), end.to);
  } else {
    const rest = /^\w+/.exec(line.text.slice(from - line.from));
    to = rest ? from + rest[0].length : Math.min(from + 1, line.to);
  }
  return { from, to: Math.max(to, from), severity: item.severity, message: item.message, source: item.code };
}

export interface PythonEditorOptions {
  /** Asks the server for findings; the editor calls it 500 ms after the last change. */
  diagnose?: (source: string) => Promise<Diagnostic[] | null>;
  nonce: string | null;
}

/** Python with the contract's completions and hover help, lint from the server, and the page's CSP nonce. */
export function pythonExtensions({ diagnose, nonce }: PythonEditorOptions): Extension[] {
  const extensions: Extension[] = [
    python(),
    indentUnit.of('    '),
    pythonLanguage.data.of({ autocomplete: contractCompletions }),
    contractHover,
  ];
  if (nonce) extensions.push(EditorView.cspNonce.of(nonce));
  if (diagnose) {
    extensions.push(
      lintGutter(),
      linter(
        async (view) => {
          const doc = view.state.doc;
          const items = await diagnose(doc.toString());
          return (items ?? []).map((item) => toEditorDiagnostic(doc, item));
        },
        { delay: 500 },
      ),
    );
  }
  return extensions;
}

/** The nonce the server put into this page (Vite's `<meta property="csp-nonce">`); browsers hide the attribute. */
export function pageNonce(): string | null {
  const meta = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]');
  return meta?.nonce || null;
}
