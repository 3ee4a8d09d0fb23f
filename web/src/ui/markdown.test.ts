import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, safeHref } from './markdown';

describe('parseMarkdown', () => {
  it('reads headings, paragraphs (joining lines), rules and code blocks', () => {
    expect(parseMarkdown('# Så gör du\n\nLadda upp\nklasslistan.\n\n---\n\n```\n<b>x</b>\n  y\n```')).toEqual(
      [
        { type: 'heading', level: 1, children: [{ type: 'text', text: 'Så gör du' }] },
        { type: 'paragraph', children: [{ type: 'text', text: 'Ladda upp klasslistan.' }] },
        { type: 'rule' },
        { type: 'code', text: '<b>x</b>\n  y' },
      ],
    );
  });

  it('reads ordered and unordered lists, nested lists and where they end', () => {
    const blocks = parseMarkdown('3. Öppna filen\n4. Välj klass\n   - 7A\n   - 7B\n\nKlart.');
    expect(blocks).toHaveLength(2);
    const list = blocks[0];
    expect(list).toMatchObject({ type: 'list', ordered: true, start: 3 });
    if (list?.type !== 'list') throw new Error('not a list');
    expect(list.items[0]).toEqual([{ type: 'paragraph', children: [{ type: 'text', text: 'Öppna filen' }] }]);
    expect(list.items[1]?.[1]).toMatchObject({ type: 'list', ordered: false, items: [[{}], [{}]] });
    expect(blocks[1]).toEqual({ type: 'paragraph', children: [{ type: 'text', text: 'Klart.' }] });
  });

  it('reads block quotes and a list right after a paragraph line', () => {
    expect(parseMarkdown('> Tips: spara filen\nDu behöver:\n- en lista').map((b) => b.type)).toEqual([
      'quote',
      'paragraph',
      'list',
    ]);
  });

  it('stops nesting at a safe depth', () => {
    expect(() => parseMarkdown('>'.repeat(5000) + ' djupt')).not.toThrow();
    expect(() => parseInline('*'.repeat(20000) + 'x')).not.toThrow();
  });
});

describe('parseInline', () => {
  it('reads strong, emphasis, code and links', () => {
    expect(
      parseInline('**Viktigt:** välj *en* fil, t.ex. `klass.xlsx`, se [hjälpen](https://skola.se/hjalp).'),
    ).toEqual([
      { type: 'strong', children: [{ type: 'text', text: 'Viktigt:' }] },
      { type: 'text', text: ' välj ' },
      { type: 'em', children: [{ type: 'text', text: 'en' }] },
      { type: 'text', text: ' fil, t.ex. ' },
      { type: 'code', text: 'klass.xlsx' },
      { type: 'text', text: ', se ' },
      { type: 'link', href: 'https://skola.se/hjalp', children: [{ type: 'text', text: 'hjälpen' }] },
      { type: 'text', text: '.' },
    ]);
  });

  it('leaves underscores inside words, escaped characters and lone stars as text', () => {
    expect(parseInline('fil_namn_1.csv, 5 * 3 och \\*inte kursiv\\*')).toEqual([
      { type: 'text', text: 'fil_namn_1.csv, 5 * 3 och *inte kursiv*' },
    ]);
  });

  it('turns bare web addresses into links without the sentence punctuation', () => {
    expect(parseInline('Läs mer på https://skolverket.se/regler.')).toEqual([
      { type: 'text', text: 'Läs mer på ' },
      {
        type: 'link',
        href: 'https://skolverket.se/regler',
        children: [{ type: 'text', text: 'https://skolverket.se/regler' }],
      },
      { type: 'text', text: '.' },
    ]);
  });
});

describe('safety', () => {
  it('allows only http, https and mailto addresses', () => {
    expect(safeHref('https://skola.se')).toBe('https://skola.se/');
    expect(safeHref('mailto:rektor@skola.se')).toBe('mailto:rektor@skola.se');
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'vbscript:msgbox(1)',
      'data:text/html,<script>alert(1)</script>',
      'javascript&#58;alert(1)',
      '//evil.example/x',
      '/relative/path',
      'http://a b',
    ]) {
      expect(safeHref(bad), bad).toBeNull();
    }
    // Quotes cannot end the attribute: the address comes back percent-encoded.
    expect(safeHref('https://x.se/"onmouseover="alert(1)')).toBe('https://x.se/%22onmouseover=%22alert(1)');
  });

  it('keeps the text of a link with an unsafe address, without the link', () => {
    expect(parseInline('[klicka här](javascript:alert(document.cookie))')).toEqual([
      { type: 'text', text: 'klicka här' },
      { type: 'text', text: ')' },
    ]);
    expect(parseInline('[x](data:text/html;base64,PHNjcmlwdD4=)')).toEqual([{ type: 'text', text: 'x' }]);
  });

  it('shows only the text of an image, never loading it', () => {
    expect(parseInline('Se ![skärmbild av formuläret](https://evil.example/x.png) nedan')).toEqual([
      { type: 'text', text: 'Se ' },
      { type: 'text', text: 'skärmbild av formuläret' },
      { type: 'text', text: ' nedan' },
    ]);
  });

  it('keeps raw HTML as plain text', () => {
    expect(parseMarkdown('<script>alert(1)</script>\n<img src=x onerror="alert(1)">')).toEqual([
      {
        type: 'paragraph',
        children: [{ type: 'text', text: '<script>alert(1)</script> <img src=x onerror="alert(1)">' }],
      },
    ]);
  });
});
