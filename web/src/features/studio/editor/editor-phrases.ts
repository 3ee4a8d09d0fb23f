import { EditorState, type Extension } from '@codemirror/state';

/**
 * CodeMirror's own words in Swedish: the search panel, go to line, the list of findings, folding, completions and
 * what screen readers are told. CodeMirror's defaults are English, so English needs no table.
 */
export const SWEDISH_PHRASES: Readonly<Record<string, string>> = {
  // @codemirror/search
  Find: 'Sök',
  Replace: 'Ersätt',
  next: 'nästa',
  previous: 'föregående',
  all: 'alla',
  'match case': 'skilj på versaler och gemener',
  regexp: 'reguljärt uttryck',
  'by word': 'hela ord',
  replace: 'ersätt',
  'replace all': 'ersätt alla',
  close: 'stäng',
  'current match': 'aktuell träff',
  'on line': 'på rad',
  'replaced $ matches': 'ersatte $ träffar',
  'replaced match on line $': 'ersatte träffen på rad $',
  'Go to line': 'Gå till rad',
  go: 'gå',
  // @codemirror/lint
  Diagnostics: 'Fel och varningar',
  'No diagnostics': 'Inga fel eller varningar',
  // @codemirror/autocomplete
  Completions: 'Förslag',
  // @codemirror/language (folding)
  'Fold line': 'Fäll ihop',
  'Unfold line': 'Fäll ut',
  'folded code': 'hopfälld kod',
  unfold: 'fäll ut',
  'Folded lines': 'Hopfällda rader',
  'Unfolded lines': 'Utfällda rader',
  to: 'till',
  // @codemirror/view and @codemirror/commands
  'Control character': 'Styrtecken',
  'Selection deleted': 'Markeringen togs bort',
};

/** The phrases extension for the interface language: Swedish from the table above, English as CodeMirror has it. */
export function editorPhrases(locale: string): Extension {
  return locale === 'sv' ? EditorState.phrases.of(SWEDISH_PHRASES) : [];
}
