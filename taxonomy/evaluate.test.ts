import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../lib/paths';
import { decide, evaluate, falseAlarms, isBlind, readLabelled, reliability, scoreDecisions } from './evaluate';
import { compiledOf, loadTaxonomy } from './load';
import { createTagger } from './tagger';

// A little under what the tagger measures on the in-repo set (docs/tagging.md), so a change
// that makes tagging worse fails the build.
const FLOOR = { microF1: 0.92, macroF1: 0.92, themeF1: 0.75 };

const taxonomy = loadTaxonomy();
const ids = taxonomy.themes.map((t) => t.id);
const items = readLabelled(path.join(projectRoot(), 'fixtures/tagging/passages.jsonl'));

describe('the in-repo labelled set', () => {
  it('covers every theme and includes passages that must stay silent', () => {
    const labelled = new Set(items.flatMap((i) => i.themes));
    for (const id of ids) expect(labelled).toContain(id);
    for (const id of labelled) expect(ids).toContain(id);
    expect(items.filter((i) => i.themes.length === 0).length).toBeGreaterThanOrEqual(30);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
  });
});

describe('tagger accuracy on the in-repo set', () => {
  const report = evaluate(createTagger(taxonomy), items, ids);

  it(`keeps micro-F1 >= ${FLOOR.microF1} and macro-F1 >= ${FLOOR.macroF1}`, () => {
    expect(report.micro.f1).toBeGreaterThanOrEqual(FLOOR.microF1);
    expect(report.macro.f1).toBeGreaterThanOrEqual(FLOOR.macroF1);
  });

  it(`keeps every theme with 5 or more examples at F1 >= ${FLOOR.themeF1}`, () => {
    const weak = report.perTheme.filter((t) => t.support >= 5 && t.f1 < FLOOR.themeF1).map((t) => `${t.theme} ${t.f1.toFixed(2)}`);
    expect(weak).toEqual([]);
  });

  it('counts true and false positives consistently', () => {
    for (const t of report.perTheme) {
      expect(t.support).toBe(t.tp + t.fn);
      expect(t.precision).toBeCloseTo(t.tp + t.fp === 0 ? 0 : t.tp / (t.tp + t.fp));
    }
  });
});

// The hold-out set was written apart from the taxonomy and first measured blind (docs/tagging.md);
// its floor sits a little under that measurement.
const HOLDOUT_FLOOR = { microF1: 0.73, precision: 0.8 };

describe('tagger accuracy on the hold-out set', () => {
  const holdout = readLabelled(path.join(projectRoot(), 'fixtures/tagging/holdout.jsonl'));
  const report = evaluate(createTagger(taxonomy), holdout, ids);

  it(`keeps micro-F1 >= ${HOLDOUT_FLOOR.microF1} and precision >= ${HOLDOUT_FLOOR.precision} on wording it was not tuned on`, () => {
    expect(holdout.length).toBeGreaterThanOrEqual(100);
    expect(report.micro.f1).toBeGreaterThanOrEqual(HOLDOUT_FLOOR.microF1);
    expect(report.micro.precision).toBeGreaterThanOrEqual(HOLDOUT_FLOOR.precision);
  });
});

// Written in the style of real reports; its sources are split blind and tuned (isBlind), and the
// blind half is not tuned on (docs/tagging.md).
const REAL_STYLE_FLOOR = { microF1: 0.78, blindMicroF1: 0.75 };

describe('tagger accuracy on the real-style set', () => {
  const items = readLabelled(path.join(projectRoot(), 'fixtures/tagging/real-style.jsonl'));
  const decisions = decide(createTagger(taxonomy), items);
  const blind = decisions.filter((_, i) => isBlind(items[i]));

  it(`keeps micro-F1 >= ${REAL_STYLE_FLOOR.microF1}, >= ${REAL_STYLE_FLOOR.blindMicroF1} on its blind sources, and stays silent on process passages`, () => {
    expect(blind.length).toBeGreaterThanOrEqual(10);
    expect(blind.length).toBeLessThan(decisions.length);
    expect(scoreDecisions(decisions, ids).micro.f1).toBeGreaterThanOrEqual(REAL_STYLE_FLOOR.microF1);
    expect(scoreDecisions(blind, ids).micro.f1).toBeGreaterThanOrEqual(REAL_STYLE_FLOOR.blindMicroF1);
    const fa = falseAlarms(decisions);
    expect(fa.themeless).toBeGreaterThanOrEqual(6);
    expect(fa.alarmed / fa.themeless).toBeLessThanOrEqual(0.1);
  });
});

// Written for 1.4.0 around the error families of real report text, in three batches, each measured
// before its tuned sources were studied (docs/tagging.md); its blind sources were not tuned on.
const REPORT_STYLE_FLOOR = { microF1: 0.8, blindMicroF1: 0.66, falseAlarms: 0.1 };

describe('tagger accuracy on the real-report-style set', () => {
  const items = readLabelled(path.join(projectRoot(), 'fixtures/tagging/real-report-style.jsonl'));
  const decisions = decide(createTagger(taxonomy), items);
  const blind = decisions.filter((_, i) => isBlind(items[i]));

  it(`keeps micro-F1 >= ${REPORT_STYLE_FLOOR.microF1}, >= ${REPORT_STYLE_FLOOR.blindMicroF1} on its blind sources, and stays silent on process passages`, () => {
    expect(blind.length).toBeGreaterThanOrEqual(30);
    expect(blind.length).toBeLessThan(decisions.length);
    expect(scoreDecisions(decisions, ids).micro.f1).toBeGreaterThanOrEqual(REPORT_STYLE_FLOOR.microF1);
    expect(scoreDecisions(blind, ids).micro.f1).toBeGreaterThanOrEqual(REPORT_STYLE_FLOOR.blindMicroF1);
    const fa = falseAlarms(decisions);
    expect(fa.themeless).toBeGreaterThanOrEqual(15);
    expect(fa.alarmed / fa.themeless).toBeLessThanOrEqual(REPORT_STYLE_FLOOR.falseAlarms);
  });

  it('labels only theme ids the taxonomy has, and lists a narrower theme with what it entails', () => {
    const known = new Set(ids);
    const entails = new Map(compiledOf(taxonomy).themes.map((t) => [t.id, t.entails]));
    for (const item of items) {
      for (const id of item.themes) {
        expect(known).toContain(id);
        for (const broader of entails.get(id) ?? []) expect(item.themes).toContain(broader);
      }
    }
  });
});

// Labelled real report text outside the repository, read at run time and never copied here. The
// floors sit a little under what the blind sources measure (docs/tagging.md).
const sharedEval = path.resolve(projectRoot(), '../shared/eval');
const REAL_FLOOR = { blindMicroF1: 0.82, realDevBlindMicroF1: 0.6, blindFalseAlarms: 0.2, tunedMicroF1: 0.93 };
const realFiles = ['dev-passages.jsonl', 'real-dev.jsonl'].map((f) => path.join(sharedEval, f));
const describeReal = realFiles.every((f) => fs.existsSync(f)) ? describe : describe.skip;

describeReal(`tagger accuracy on the blind part of the real text in ${sharedEval} (skipped when it is absent)`, () => {
  const tagger = createTagger(taxonomy);
  const parts = realFiles.map((f) => {
    const items = readLabelled(f);
    return decide(tagger, items).filter((_, i) => isBlind(items[i]));
  });
  const pooled = parts.flat();

  it(`keeps pooled blind micro-F1 >= ${REAL_FLOOR.blindMicroF1}, real-dev blind >= ${REAL_FLOOR.realDevBlindMicroF1}`, () => {
    expect(scoreDecisions(pooled, ids).micro.f1).toBeGreaterThanOrEqual(REAL_FLOOR.blindMicroF1);
    expect(scoreDecisions(parts[1], ids).micro.f1).toBeGreaterThanOrEqual(REAL_FLOOR.realDevBlindMicroF1);
  });

  it(`keeps pooled tuned micro-F1 >= ${REAL_FLOOR.tunedMicroF1}`, () => {
    const tuned = realFiles.flatMap((f) => {
      const items = readLabelled(f);
      return decide(tagger, items).filter((_, i) => !isBlind(items[i]));
    });
    expect(scoreDecisions(tuned, ids).micro.f1).toBeGreaterThanOrEqual(REAL_FLOOR.tunedMicroF1);
  });

  it(`raises a theme on at most ${REAL_FLOOR.blindFalseAlarms} of the blind passages that carry none`, () => {
    const fa = falseAlarms(pooled);
    expect(fa.themeless).toBeGreaterThan(0);
    expect(fa.alarmed / fa.themeless).toBeLessThanOrEqual(REAL_FLOOR.blindFalseAlarms);
  });
});

describe('reliability and the blind split', () => {
  it('bins predicted tags by score and counts the right ones', () => {
    const bins = reliability([
      { id: 'a', gold: ['neglect'], predicted: ['neglect', 'thresholds'], scores: { neglect: 0.85, thresholds: 0.55 } },
      { id: 'b', gold: [], predicted: ['neglect'], scores: { neglect: 0.95 } },
      { id: 'c', gold: ['neglect'], predicted: ['neglect'], scores: { neglect: 1 } },
    ]);
    expect(bins.map((b) => [b.tags, b.right])).toEqual([[1, 0], [0, 0], [0, 0], [1, 1], [2, 1]]);
  });

  it('keeps every passage of one source on the same side, and items without a source tuned', () => {
    expect(isBlind({})).toBe(false);
    expect(isBlind({ source: 'report X' })).toBe(isBlind({ source: 'report X' }));
    const sides = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((s) => isBlind({ source: s })));
    expect(sides).toEqual(new Set([true, false]));
  });
});

describe('readLabelled', () => {
  it('names the file and line of a malformed entry', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'labelled-')), 'bad.jsonl');
    fs.writeFileSync(file, '{"id":"a","text":"x","themes":[]}\n{"id":"b"}\n');
    expect(() => readLabelled(file)).toThrow(`${file}:2`);
  });
});
