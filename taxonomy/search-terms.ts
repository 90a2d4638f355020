/**
 * What the taxonomy gives search: groups of words that mean the same to a searcher (abbreviations,
 * spellings), and each theme's label widened to the plain phrases that assert the theme. Both
 * engines expand a query with these before matching, so a query means the same on either.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { projectRoot } from '../lib/paths';

/** A word sequence (lower-case words joined by single spaces) and what it also finds. */
export interface SearchTermRule {
  from: string;
  to: string[];
}

/** The part of the taxonomy file search reads: read directly, as loading the tagger's taxonomy costs seconds. */
interface TaxonomyPhrases {
  threshold: number;
  defaultWeight: number;
  themes: {
    id?: string;
    broader?: string[];
    label: string;
    signals: Array<string | { p: string; w?: number; case?: boolean; needsContext?: boolean }>;
  }[];
}

// A signal is usable as a search phrase only when it is a plain phrase: no pattern operators
// (| ~ + [ ] ( ) .. * re:), which mean something to the tagger and nothing to a search engine.
const PLAIN_PHRASE = /^[a-z]+(?:[ -][a-z]+)+$/i;
// A fragment that stops on a function word ("not visible to") reads as nothing on its own.
const DANGLING = /\b(?:a|an|and|for|in|of|or|than|the|to|what|with)$/;

/** Lower-case words joined by spaces: how queries and rules are compared. */
export function wordsOf(text: string): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}

/** A theme's label finds the plain multi-word phrases that on their own assert the theme; one way. */
export function labelRules(spec: TaxonomyPhrases): SearchTermRule[] {
  const rules: SearchTermRule[] = [];
  for (const theme of spec.themes) {
    const label = wordsOf(theme.label);
    const phrases = new Set<string>();
    for (const s of theme.signals) {
      const signal = typeof s === 'string' ? { p: s } : s;
      if (signal.case || signal.needsContext || (signal.w ?? spec.defaultWeight) < spec.threshold) continue;
      if (!PLAIN_PHRASE.test(signal.p)) continue;
      const phrase = wordsOf(signal.p);
      if (phrase !== label && !DANGLING.test(phrase)) phrases.add(phrase);
    }
    if (label && phrases.size) rules.push({ from: label, to: [...phrases] });
  }
  return rules;
}

/** Every term of a group finds every other. */
export function groupRules(groups: string[][]): SearchTermRule[] {
  return groups.flatMap((group) => {
    const terms = [...new Set(group.map(wordsOf).filter(Boolean))];
    return terms.map((from) => ({ from, to: terms.filter((t) => t !== from) }));
  });
}

const taxonomyFile = () => path.join(projectRoot(), 'taxonomy', 'themes.yaml');
const termsFile = () => path.join(projectRoot(), 'taxonomy', 'search-terms.yaml');
// Read once per process: the engines, the suggestions and every backend a process opens ask for them.
const parsed = new Map<string, unknown>();
function readYaml<T>(file: string): T {
  if (!parsed.has(file)) parsed.set(file, YAML.parse(fs.readFileSync(file, 'utf8')));
  return parsed.get(file) as T;
}
const readSpec = (file: string) => readYaml<TaxonomyPhrases>(file);

/** Each theme's broader themes, transitively (a ticked theme takes in every theme under it). */
export function themeAncestors(file = taxonomyFile()): Map<string, string[]> {
  const direct = new Map(readSpec(file).themes.map((t) => [t.id ?? '', t.broader ?? []]));
  const ancestors = new Map<string, string[]>();
  for (const id of direct.keys()) {
    const all = new Set<string>();
    const walk = (x: string) => {
      for (const b of direct.get(x) ?? []) if (!all.has(b)) (all.add(b), walk(b));
    };
    walk(id);
    ancestors.set(id, [...all]);
  }
  return ancestors;
}

/** The rules, merged so that each word sequence appears once. */
export function searchTermRules(themesFile = taxonomyFile(), groupsFile = termsFile()): SearchTermRule[] {
  const spec = readSpec(themesFile);
  const terms = readYaml<{ groups?: string[][] }>(groupsFile);
  const merged = new Map<string, Set<string>>();
  for (const rule of [...groupRules(terms.groups ?? []), ...labelRules(spec)]) {
    const to = merged.get(rule.from) ?? new Set<string>();
    for (const t of rule.to) if (t !== rule.from) to.add(t);
    merged.set(rule.from, to);
  }
  return [...merged].map(([from, to]) => ({ from, to: [...to] }));
}
