import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { projectRoot } from '../lib/paths';
import { readLabelled } from './evaluate';
import { cueRegex, MultiMatcher, PatternPool, type Hit, type PatternEntry } from './matcher';
import { compilePattern, firstWords, laterKeys, leadKeys, secondKeys } from './patterns';
import type { TaxonomySpec } from './types';

/** What the keyed matcher must reproduce: one alternation per case-sensitivity, scanned. */
function alternation<M>(entries: PatternEntry<M>[]): (text: string) => Hit<M>[] {
  const parts = [false, true]
    .map((sensitive) => entries.filter((e) => !!e.case === sensitive))
    .filter((chosen) => chosen.length)
    .map((chosen) => ({ chosen, re: new RegExp(chosen.map((e) => `(${compilePattern(e.p)})`).join('|'), chosen[0].case ? 'g' : 'gi') }));
  return (text) => parts.flatMap(({ chosen, re }) => scan(chosen, re, text));
}

function scan<M>(chosen: PatternEntry<M>[], re: RegExp, text: string): Hit<M>[] {
  const hits: Hit<M>[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let i = 1;
    while (m[i] === undefined) i++;
    hits.push({ start: m.index, end: m.index + m[0].length, meta: chosen[i - 1].meta });
    re.lastIndex = m.index + 1;
  }
  return hits;
}

describe('leadKeys, firstWords, secondKeys and laterKeys', () => {
  it('key a phrase by the words it can start with', () => {
    expect(leadKeys('share~ information')).toEqual(new Set(['shar']));
    expect(leadKeys('[the] core group+')).toEqual(new Set(['=the', 'core']));
    expect(leadKeys('no evidence')).toEqual(new Set(['=no']));
    expect(leadKeys('co-sleep~')).toEqual(new Set(['co']));
    expect(leadKeys('(not|never) seen')).toEqual(new Set(['=not', 'neve']));
    expect(leadKeys('re:\\bturned (?:16|17)\\b')).toEqual(new Set(['turn']));
    expect(leadKeys('re:\\b(?:police|schools?) and')).toEqual(new Set(['poli', 'scho']));
  });

  it('give no key where a match can start anywhere', () => {
    expect(leadKeys('* alone')).toBeNull();
    expect(leadKeys('re:\\b[Yy]ear 7')).toBeNull();
    expect(leadKeys('re:abuse')).toBeNull();
    expect(leadKeys('re:\\bfoo|bar')).toBeNull();
  });

  it('name the next word only where the pattern fixes it', () => {
    expect(secondKeys('did not|never attend')).toEqual(new Set(['=not', 'neve']));
    expect(secondKeys('(its|the) purpose')).toEqual(new Set(['purp']));
    expect(secondKeys("parent+ ..3 drinking")).toBeNull();
    expect(secondKeys('child+ ..3 seen alone')).toBeNull();
    expect(secondKeys('multi-agency working')).toBeNull();
    expect(secondKeys('[the] review')).toBeNull();
  });

  it('name the last required word where it is one word, so a passage without it is passed over', () => {
    expect(laterKeys('father+ ..4 (was|were) not present')).toEqual(new Set(['pres']));
    expect(laterKeys('co-operation ..4 superficial [engagement]')).toEqual(new Set(['supe']));
    expect(laterKeys("decision+ ..8 (not|never) revisit~")).toEqual(new Set(['revi']));
    expect(laterKeys('stand up|speak up')).toEqual(new Set(['=up']));
    expect(laterKeys('child-focused')).toBeNull();
    expect(laterKeys('information ..4 *')).toBeNull();
    expect(laterKeys("referral+ to [the] (children's social care|social services)")).toBeNull();
    expect(laterKeys('re:\\bturned (?:16|17)\\b')).toBeNull();
  });

  it('name the whole first words where the phrase fixes them, not just their first letters', () => {
    expect(firstWords('father+ ..4 (was|were) not present')).toEqual(new Set(['father', 'fathers']));
    expect(firstWords('[the] core group+')).toEqual(new Set(['the', 'core']));
    expect(firstWords("(parent's|did not) attend")).toEqual(new Set(['parent', 'did']));
    expect(firstWords('co-sleep~')).toBeNull();
    expect(firstWords('* alone')).toBeNull();
    expect(firstWords('re:\\bturned (?:16|17)\\b')).toBeNull();
  });
});

describe('MultiMatcher', () => {
  const spec = YAML.parse(fs.readFileSync(path.join(projectRoot(), 'taxonomy/themes.yaml'), 'utf8')) as TaxonomySpec;
  const texts = readLabelled(path.join(projectRoot(), 'fixtures/tagging/passages.jsonl')).map((p) => p.text);
  texts.push('A multiagency child_abuse case; she was not seen, never SEEN; the Year 9 pupil (aged 14) co-slept.');
  texts.push("Fathoms of notes; the Fathers' views, a parent's view, parenting, cosleeping and co sleeping babies, the father-figure.");
  texts.push("The co operation was superficial; Father, who was not present, said the decisions were never revisited and the father's up-to-date plan was not child focused.");

  it("gives every theme's signals and look-alikes the hits one alternation gives, sharing one pool", () => {
    const pool = new PatternPool();
    const sets = spec.themes.flatMap((t) => [
      t.signals.map((s, i) => (typeof s === 'string' ? { p: s, meta: i } : { p: s.p, case: s.case, meta: i })),
      (t.lookalikes ?? []).map((l, i) => (typeof l === 'string' ? { p: l, meta: i } : { p: l.p, case: l.case, meta: i })),
    ]);
    const matchers = sets.map((entries) => new MultiMatcher(entries, pool));
    const references = sets.map(alternation);
    let compared = 0;
    for (const text of texts) {
      sets.forEach((_, k) => {
        const expected = references[k](text);
        expect(matchers[k].matchAll(text)).toEqual(expected);
        expect(matchers[k].test(text)).toBe(expected.length > 0);
        compared += expected.length;
      });
    }
    expect(compared).toBeGreaterThan(500);
  });
});

describe('cueRegex', () => {
  it('finds a cue only within its window of the end of the text', () => {
    const cue = cueRegex(['no evidence'], 3, 'before')!;
    expect(cue.test('a long clause that says there was no evidence of')).toBe(true);
    expect(cue.test('there was no evidence of anything at all about')).toBe(false);
    expect(cue.test(`${'word '.repeat(200)}no evidence of`)).toBe(true);
  });
});
