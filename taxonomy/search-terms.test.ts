import { groupRules, labelRules, searchTermRules } from './search-terms';
import { compileSearchTerms, parseQuery } from '../search/query';

const spec = (signals: Array<string | { p: string; w?: number; case?: boolean }>, label = 'Toxic trio') => ({
  threshold: 0.5,
  defaultWeight: 0.8,
  themes: [{ label, signals }],
});

describe('search terms from the taxonomy', () => {
  it('widens a theme label one way to its plain, strong signal phrases', () => {
    expect(labelRules(spec(['toxic trio', 'trilogy of risk', { p: 'risk factors', w: 0.3 }]))).toEqual([
      { from: 'toxic trio', to: ['trilogy of risk'] },
    ]);
  });

  it('leaves out patterns, single words, case-sensitive signals and dangling fragments', () => {
    const rules = labelRules(
      spec(['hidden|invisible men', 'engage~ [the] father+', 'curiosity', { p: 'Black families', case: true }, 'not visible to', 're:\\bIMR\\b']),
    );
    expect(rules).toEqual([]);
  });

  it('reduces labels and phrases to words, hyphens included', () => {
    expect(labelRules(spec(['school-age children'], 'Race, culture => faith'))).toEqual([
      { from: 'race culture faith', to: ['school age children'] },
    ]);
  });

  it('makes every term of a group find every other', () => {
    expect(groupRules([['DV', 'domestic abuse', 'Domestic-Abuse']])).toEqual([
      { from: 'dv', to: ['domestic abuse'] },
      { from: 'domestic abuse', to: ['dv'] },
    ]);
  });

  it('reads the real files into rules made of words only, abbreviations included', () => {
    const rules = searchTermRules();
    expect(rules.length).toBeGreaterThan(40);
    for (const rule of rules) for (const w of [rule.from, ...rule.to]) expect(w).toMatch(/^[\p{L}\p{N}]+( [\p{L}\p{N}]+)*$/u);
    const dv = rules.find((r) => r.from === 'dv');
    expect(dv?.to).toEqual(expect.arrayContaining(['domestic abuse', 'domestic violence']));
    expect(rules.find((r) => r.from === 'was not brought')?.to).toEqual(expect.arrayContaining(['did not attend', 'dna']));
  });
});

describe('query clauses', () => {
  const terms = compileSearchTerms([
    { from: 'dv', to: ['domestic abuse'] },
    { from: 'toxic trio', to: ['trilogy of risk'] },
  ]);

  it('groups words that together are a term into one clause with its alternatives', () => {
    expect(parseQuery('toxic trio housing', terms).clauses).toEqual([{ any: ['toxic trio', 'trilogy of risk'] }, { any: ['housing'] }]);
    expect(parseQuery('DV', terms).clauses).toEqual([{ any: ['dv', 'domestic abuse'] }]);
  });

  it('never widens a quoted phrase', () => {
    expect(parseQuery('"toxic trio"', terms).clauses).toEqual([{ any: ['toxic trio'] }]);
  });

  it('keeps a word that only starts a term as a word', () => {
    expect(parseQuery('toxic', terms).clauses).toEqual([{ any: ['toxic'] }]);
  });
});
