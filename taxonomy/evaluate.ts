/** Precision, recall and F1 of the tagger against passages labelled with theme ids. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { SectionKind } from '../model';
import type { Tagger } from './tagger';

export interface LabelledPassage {
  id: string;
  text: string;
  themes: string[];
  section?: SectionKind;
  /** The report or publication the passage comes from: the unit of the blind split. */
  source?: string;
  /** "passage" (cut from a report) or "summary" (a review summary); passage when absent. */
  kind?: string;
}

export interface ThemeScore {
  theme: string;
  support: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvaluationReport {
  /** Items scored: passages, or reviews at review level. */
  passages: number;
  perTheme: ThemeScore[];
  /** Pooled over every (passage, theme) decision. */
  micro: { precision: number; recall: number; f1: number };
  /** Mean over themes with at least one labelled example. */
  macro: { precision: number; recall: number; f1: number; themes: number };
  /** Items where the tagger and the labels disagree. */
  errors: Array<{ id: string; missed: string[]; extra: string[] }>;
}

/** Reads a JSON-lines labelled set; throws naming the file and line of a malformed entry. */
export function readLabelled(file: string): LabelledPassage[] {
  const out: LabelledPassage[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let item: LabelledPassage;
      try {
        item = JSON.parse(line) as LabelledPassage;
      } catch (err) {
        throw new Error(`${file}:${i + 1}: ${(err as Error).message}`);
      }
      if (typeof item.id !== 'string' || typeof item.text !== 'string' || !Array.isArray(item.themes)) {
        throw new Error(`${file}:${i + 1}: needs "id", "text" and "themes"`);
      }
      out.push(item);
    });
  return out;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** One item's labelled and predicted theme ids. */
export interface Decision {
  id: string;
  gold: string[];
  predicted: string[];
  /** The score of each predicted theme, where the tagger gives one. */
  scores?: Record<string, number>;
}

/** True when a file holds labelled passages: its first entry has a "themes" list. */
export function isLabelledFile(file: string): boolean {
  const first = fs.readFileSync(file, 'utf8').split('\n').find((l) => l.trim());
  try {
    return !!first && Array.isArray((JSON.parse(first) as { themes?: unknown }).themes);
  } catch {
    return false;
  }
}

/**
 * The blind part of a labelled set: whole sources, chosen by a hash of the source's name (half of
 * them), fixed before any tuning, so passages from one report are never split between the parts.
 * Items without a source are all tuned.
 */
export function isBlind(item: { source?: string }): boolean {
  if (!item.source) return false;
  return parseInt(createHash('sha1').update(item.source).digest('hex')[0], 16) % 2 === 0;
}

/** Per-theme and averaged scores over items, each with its labelled and predicted themes. */
export function scoreDecisions(decisions: Decision[], themeIds: string[]): EvaluationReport {
  const counts = new Map(themeIds.map((id) => [id, { tp: 0, fp: 0, fn: 0 }]));
  const errors: EvaluationReport['errors'] = [];
  for (const item of decisions) {
    const gold = new Set(item.gold);
    const predicted = new Set(item.predicted);
    for (const [id, c] of counts) {
      if (gold.has(id) && predicted.has(id)) c.tp++;
      else if (predicted.has(id)) c.fp++;
      else if (gold.has(id)) c.fn++;
    }
    const missed = [...gold].filter((t) => !predicted.has(t));
    const extra = [...predicted].filter((t) => !gold.has(t));
    if (missed.length || extra.length) errors.push({ id: item.id, missed, extra });
  }
  const perTheme = [...counts].map(([theme, c]) => {
    const precision = ratio(c.tp, c.tp + c.fp);
    const recall = ratio(c.tp, c.tp + c.fn);
    return { theme, support: c.tp + c.fn, ...c, precision, recall, f1: f1(precision, recall) };
  });
  const sum = (k: 'tp' | 'fp' | 'fn') => perTheme.reduce((s, t) => s + t[k], 0);
  const mp = ratio(sum('tp'), sum('tp') + sum('fp'));
  const mr = ratio(sum('tp'), sum('tp') + sum('fn'));
  const supported = perTheme.filter((t) => t.support > 0);
  const mean = (k: 'precision' | 'recall' | 'f1') => ratio(supported.reduce((s, t) => s + t[k], 0), supported.length);
  return {
    passages: decisions.length,
    perTheme,
    micro: { precision: mp, recall: mr, f1: f1(mp, mr) },
    macro: { precision: mean('precision'), recall: mean('recall'), f1: mean('f1'), themes: supported.length },
    errors,
  };
}

/** The tagger's decision on each item, with its scores. */
export function decide(tagger: Tagger, items: LabelledPassage[]): Decision[] {
  return items.map((item) => {
    const tags = tagger.tagPassage(item.text, item.section);
    return { id: item.id, gold: item.themes, predicted: tags.map((t) => t.id), scores: Object.fromEntries(tags.map((t) => [t.id, t.score])) };
  });
}

export function evaluate(tagger: Tagger, items: LabelledPassage[], themeIds: string[]): EvaluationReport {
  return scoreDecisions(decide(tagger, items), themeIds);
}

/** Items labelled with no theme, and how many of them the tagger gave one. */
export function falseAlarms(decisions: Decision[]): { themeless: number; alarmed: number } {
  const themeless = decisions.filter((d) => d.gold.length === 0);
  return { themeless: themeless.length, alarmed: themeless.filter((d) => d.predicted.length > 0).length };
}

export interface ReliabilityBin {
  from: number;
  to: number;
  tags: number;
  right: number;
}

/** Predicted tags by score band, with how many were labelled: is a 0.8 tag right 80% of the time? */
export function reliability(decisions: Decision[], edges = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0001]): ReliabilityBin[] {
  const bins = edges.slice(0, -1).map((from, i) => ({ from, to: Math.min(1, edges[i + 1]), tags: 0, right: 0 }));
  for (const d of decisions) {
    for (const [id, score] of Object.entries(d.scores ?? {})) {
      const bin = bins.find((b, i) => score >= b.from && (score < edges[i + 1] || i === bins.length - 1));
      if (!bin) continue;
      bin.tags++;
      if (d.gold.includes(id)) bin.right++;
    }
  }
  return bins;
}

/** A plain-text table: one row per theme with examples or false positives, then the averages. */
export function formatReport(title: string, report: EvaluationReport, unit = 'passages'): string {
  const pct = (x: number) => x.toFixed(3);
  const rows = report.perTheme
    .filter((t) => t.support > 0 || t.fp > 0)
    .sort((a, b) => b.support - a.support || a.theme.localeCompare(b.theme))
    .map((t) =>
      [t.theme.padEnd(30), String(t.support).padStart(7), String(t.fp).padStart(4), pct(t.precision).padStart(9), pct(t.recall).padStart(7), pct(t.f1).padStart(7)].join(' '),
    );
  return [
    `${title} (${report.passages} ${unit})`,
    ['theme'.padEnd(30), 'support'.padStart(7), 'fp'.padStart(4), 'precision'.padStart(9), 'recall'.padStart(7), 'f1'.padStart(7)].join(' '),
    ...rows,
    `micro  precision ${pct(report.micro.precision)}  recall ${pct(report.micro.recall)}  f1 ${pct(report.micro.f1)}`,
    `macro  precision ${pct(report.macro.precision)}  recall ${pct(report.macro.recall)}  f1 ${pct(report.macro.f1)}  (over ${report.macro.themes} themes with examples)`,
  ].join('\n');
}
