import { synonymRules, taxonomySynonyms } from './synonyms';

const spec = (signals: Array<string | { p: string; w?: number; case?: boolean }>, label = 'Toxic trio') => ({
  threshold: 0.5,
  defaultWeight: 0.8,
  themes: [{ label, signals }],
});

describe('taxonomy synonym rules', () => {
  it('maps a theme label one way to its plain, strong signal phrases', () => {
    expect(synonymRules(spec(['toxic trio', 'trilogy of risk', { p: 'risk factors', w: 0.3 }]))).toEqual([
      'toxic trio => toxic trio, trilogy of risk',
    ]);
  });

  it('leaves out patterns, single words, case-sensitive signals and dangling fragments', () => {
    const rules = synonymRules(
      spec(['hidden|invisible men', 'engage~ [the] father+', 'curiosity', { p: 'Black families', case: true }, 'not visible to', 're:\\bIMR\\b']),
    );
    expect(rules).toEqual([]);
  });

  it('reduces labels and phrases to words, so the rule syntax cannot be injected', () => {
    expect(synonymRules(spec(['school-age children'], 'Race, culture => faith'))).toEqual([
      'race culture faith => race culture faith, school age children',
    ]);
  });

  it('builds rules from the real taxonomy that contain only words', () => {
    const rules = taxonomySynonyms();
    expect(rules.length).toBeGreaterThan(20);
    for (const rule of rules) expect(rule).toMatch(/^[a-z0-9 ]+ => [a-z0-9 ]+(, [a-z0-9 ]+)*$/);
  });
});
