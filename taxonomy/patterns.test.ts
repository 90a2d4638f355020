import { compilePattern } from './patterns';

const matches = (pattern: string, text: string) => new RegExp(compilePattern(pattern), 'i').test(text);

describe('compilePattern', () => {
  it('expands verb forms with ~', () => {
    for (const t of ['share information', 'shared information', 'sharing information', 'shares information']) {
      expect(matches('share~ information', t)).toBe(true);
    }
    expect(matches('see~ the child alone', 'they saw the child alone')).toBe(true);
    expect(matches('see~ the child alone', 'the child was seen alone')).toBe(false);
  });

  it('expands noun forms and possessives with +', () => {
    expect(matches('focus on the father+', 'little focus on the fathers')).toBe(true);
    expect(matches('father+ role', "the father's role")).toBe(true);
    expect(matches('injury+', 'multiple injuries')).toBe(true);
    expect(matches('mark+', 'marks on his arm')).toBe(true); // compromise leaves "mark" unchanged as a plural
    expect(matches('child+', "the children's views")).toBe(true);
  });

  it('lets the plural of a hyphenated noun be written as its singular may: hyphen, space or nothing', () => {
    for (const t of ['two step-fathers', 'two step fathers', 'two stepfathers']) expect(matches('step-father+', t)).toBe(true);
    expect(matches('check-up+', 'regular check-ups')).toBe(true);
  });

  it('inflects the last part of a hyphenated verb and accepts -ize and spaces for hyphens', () => {
    expect(matches('co-sleep~', 'the parents co-slept with the baby')).toBe(true);
    expect(matches('recognise~', 'the risk was not recognized')).toBe(true);
    expect(matches('multi-agency', 'a multi agency meeting')).toBe(true);
    expect(matches('multi-agency', 'multiagency working')).toBe(true);
  });

  it('supports optional words, gaps and phrase groups', () => {
    expect(matches('referral+ to [the] (children\'s social care|social services)', 'a referral to social services')).toBe(true);
    expect(matches('information ..4 shared', 'information about the baby was shared')).toBe(true);
    expect(matches('information ..2 shared', 'information about the new baby was shared')).toBe(false);
  });

  it('reads across a comma between words, not across other punctuation', () => {
    expect(matches('father+ ..4 (was|were) not present', 'Father, who was not present')).toBe(true);
    expect(matches('assessment+ of [the] risk+', 'the assessment of, the risks')).toBe(true);
    expect(matches('information ..4 shared', 'information about the baby; it was shared')).toBe(false);
  });

  it('matches whole words only', () => {
    expect(matches('rape+', 'grapes')).toBe(false);
    expect(matches('neglect', 'neglectful')).toBe(false);
  });

  it('rejects malformed patterns', () => {
    expect(() => compilePattern('(a|b')).toThrow(/unbalanced/);
    expect(() => compilePattern('.. shared')).toThrow(/starts with a gap/);
    expect(() => compilePattern('re:(unclosed')).toThrow();
    // As single-quoted YAML hands over 're:\\bDV\\b': a pattern no report can match.
    expect(() => compilePattern('re:\\\\bDV\\\\b')).toThrow(/literal backslash/);
    expect(compilePattern('re:\\bDV\\b')).toBe('\\bDV\\b');
  });
});
