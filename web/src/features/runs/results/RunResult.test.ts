import type { RunView, UiOutput } from '@skriptoteket/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountResult, runView } from '../../../test/run-result-fixtures';
import RunResult from './RunResult.vue';

vi.mock('vega-embed', () => ({ default: vi.fn(() => Promise.resolve({ finalize: vi.fn() })) }));

afterEach(() => {
  document.body.innerHTML = '';
});

const outputs: UiOutput[] = [
  { kind: 'markdown', markdown: '# Grupper' },
  { kind: 'table', title: 'Grupp 1', columns: [{ key: 'n', label: 'Namn' }], rows: [{ n: 'Åsa' }] },
  { kind: 'json', title: 'Inställningar', value: { storlek: 4 } },
  { kind: 'html_sandboxed', html: '<p>Hej</p>' },
  { kind: 'vega_lite', spec: { title: 'Staplar', mark: 'bar' } },
  { kind: 'notice', level: 'warning', message: 'System notice: json output 3 was cut.' },
];
const artifacts = [
  { id: 'a1', path: 'output/grupper.xlsx', bytes: 2048, downloadUrl: '/api/v1/runs/r/artifacts/a1' },
];

/** The blocks of the result in document order, by what they are. */
function blocks(run: RunView): string[] {
  const wrapper = mountResult(RunResult, { run });
  const selectors: [string, string][] = [
    ['.run-result > .message--error', 'error'],
    ['.run-result > .message--info', 'info'],
    ['.technical', 'technical'],
    ['.run-result__outputs > .message', 'notice'],
    ['.markdown-result', 'markdown'],
    ['.run-result__outputs > .result-table', 'table'],
    ['.json-result', 'json'],
    ['.html-result', 'html'],
    ['.chart-result', 'chart'],
    ['.platform-note', 'system notice'],
    ['.empty', 'empty'],
    ['.artifacts', 'artifacts'],
  ];
  const root = wrapper.element as HTMLElement;
  return [...root.querySelectorAll('*')].flatMap((el) =>
    selectors.filter(([selector]) => el.matches(selector)).map(([, name]) => name),
  );
}

describe('RunResult', () => {
  it('shows every output in the stored order, then the files', () => {
    expect(blocks(runView({ artifacts }, outputs))).toEqual([
      'markdown',
      'table',
      'json',
      'html',
      'chart',
      'system notice',
      'artifacts',
    ]);
  });

  it('puts why the run failed first, in the reader’s words, then what the tool left behind', () => {
    const run = runView(
      { status: 'failed', errorCode: 'tool_error', errorSummary: 'Filen saknar kolumnen "Namn".', artifacts },
      [{ kind: 'notice', level: 'info', message: 'Läste 3 rader.' }],
    );
    expect(blocks(run)).toEqual(['error', 'notice', 'artifacts']);
    const error = mountResult(RunResult, { run }).get('.message--error');
    expect(error.attributes('role')).toBe('alert');
    expect(error.text()).toBe('Körningen misslyckadesFilen saknar kolumnen "Namn".');
  });

  it('shows no technical information to a plain user (the server does not send it)', () => {
    const run = runView({
      status: 'timed_out',
      errorCode: 'timed_out',
      errorSummary: 'Verktyget tog för lång tid.',
    });
    const wrapper = mountResult(RunResult, { run });
    expect(wrapper.text()).not.toContain('Teknisk information');
    expect(blocks(run)).toEqual(['error']);
  });

  it('gives contributors the technical error, stdout and stderr behind a closed disclosure, cuts marked', async () => {
    const run = runView({
      status: 'failed',
      errorCode: 'tool_crashed',
      errorSummary: 'Verktyget stötte på ett oväntat fel.',
      errorDetail: 'Tool execution failed (ValueError).',
      stdout: 'läser fil\n',
      stderr: 'Traceback …\nValueError: saknas',
      isStdoutTruncated: false,
      isStderrTruncated: true,
    });
    const wrapper = mountResult(RunResult, { run });
    expect(blocks(run)).toEqual(['error', 'technical']);
    const toggle = wrapper.get('.technical button');
    expect(toggle.text()).toBe('Teknisk information');
    expect(toggle.attributes('aria-expanded')).toBe('false');
    await toggle.trigger('click');
    const sections = wrapper.findAll('.technical__block').map((block) => block.text());
    expect(sections).toEqual([
      'Tekniskt felTool execution failed (ValueError).',
      'Utdata (stdout)läser fil',
      'Felutdata (stderr)Avkortad: bara början sparades.Traceback …\nValueError: saknas',
    ]);
  });

  it('keeps a succeeding run’s technical information after its result', () => {
    const run = runView(
      { errorDetail: null, stdout: 'debug', stderr: '', isStdoutTruncated: false, isStderrTruncated: false },
      outputs.slice(0, 1),
    );
    expect(blocks(run)).toEqual(['markdown', 'technical']);
  });

  it('says a cancelled run was cancelled, calmly', () => {
    const run = runView({ status: 'cancelled', errorCode: 'cancelled', errorSummary: 'Körningen avbröts.' });
    expect(blocks(run)).toEqual(['info']);
    expect(mountResult(RunResult, { run }).text()).toBe('Körningen avbröts');
  });

  it('says when a finished run gave nothing to show, and shows nothing while it is still running', () => {
    expect(blocks(runView())).toEqual(['empty']);
    expect(mountResult(RunResult, { run: runView() }).text()).toContain(
      'Verktyget blev klart men gav inget resultat att visa.',
    );
    expect(blocks(runView({ status: 'running', uiPayload: null }))).toEqual([]);
  });

  it('tells that the files are gone when retention removed them', () => {
    expect(blocks(runView({ filesExpired: true }, outputs.slice(0, 1)))).toEqual(['markdown', 'artifacts']);
  });

  it('is compact for the earlier steps of a multi-step run', () => {
    const wrapper = mountResult(RunResult, { run: runView({}, outputs.slice(0, 1)), compact: true });
    expect(wrapper.classes()).toContain('run-result--compact');
  });
});
