import { parseQuery } from './query';
import { markedToHtml } from './highlight';

describe('parseQuery', () => {
  it('splits words and quoted phrases, lower-cased', () => {
    expect(parseQuery('Neglect "Hidden Men" drift')).toEqual({
      terms: ['neglect', 'drift'],
      phrases: ['hidden men'],
      clauses: [{ any: ['neglect'] }, { any: ['drift'] }, { any: ['hidden men'] }],
    });
  });

  it('drops every operator an engine might interpret', () => {
    const parsed = parseQuery('title:abuse OR NOT (x* AND y) NEAR/3 ^2 {}[]\\');
    expect(parsed.phrases).toEqual([]);
    expect(parsed.terms.join(' ')).toMatch(/^[a-z0-9' ]+$/);
    expect(parsed.terms).toContain('abuse');
  });

  it('treats an unbalanced quote as words', () => {
    expect(parseQuery('"voice of the child').terms).toEqual(['voice', 'of', 'the', 'child']);
  });

  it('is empty for punctuation only', () => {
    expect(parseQuery('*** ""')).toEqual({ terms: [], phrases: [], clauses: [] });
  });
});

describe('markedToHtml', () => {
  it('escapes text and keeps only mark tags', () => {
    expect(markedToHtml('<b>a</b> \u0001x\u0002 & y', '\u0001', '\u0002')).toBe('&lt;b&gt;a&lt;/b&gt; <mark>x</mark> &amp; y');
  });
});
