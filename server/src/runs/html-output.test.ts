import { describe, expect, it } from 'vitest';
import { stripNavigationTags } from './html-output';

describe('stripNavigationTags', () => {
  it.each([
    ['a refresh', '<meta http-equiv="refresh" content="0;url=https://x.example">'],
    ['a refresh in capitals without quotes', '<META HTTP-EQUIV=Refresh CONTENT=0;url=https://x.example>'],
    ['an entity-encoded refresh', '<meta http-equiv="&#114;efresh" content="0;url=https://x.example">'],
    ['a slash before the attributes', '<meta/http-equiv=refresh/content=0;url=https://x.example>'],
    ['a ">" inside a quoted value', `<meta content="0;url=https://x.example/>" http-equiv='refresh'>`],
    ['a base', '<base href="https://x.example/">'],
    ['a base with a newline', '<base\nhref=https://x.example/ >'],
    ['a self-closed base', '<base href="https://x.example/"/>'],
  ])('removes %s', (_, tag) => {
    expect(stripNavigationTags(`<p>före</p>${tag}<p>efter</p>`)).toBe('<p>före</p><p>efter</p>');
  });

  it('removes an unterminated tag with the rest of the text (a browser drops it too)', () => {
    expect(stripNavigationTags('<p>före</p><meta http-equiv=refresh content="0;url=x>')).toBe('<p>före</p>');
  });

  it('removes tags rebuilt from the parts left around a removed one', () => {
    expect(stripNavigationTags('<me<base>ta http-equiv=refresh content=0;url=x><ba<meta>se href=x>ok')).toBe(
      'ok',
    );
  });

  it('keeps everything else byte for byte, tags that only start alike included', () => {
    const html =
      '<!doctype html><p style="color:red">Å <b>fet</b></p><metadata>x</metadata><basefont><baseline> <img src="data:image/png;base64,AA==">';
    expect(stripNavigationTags(html)).toBe(html);
  });
});
