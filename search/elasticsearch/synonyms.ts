import fs from 'node:fs';
import YAML from 'yaml';
import { defaultTaxonomyFile } from '../../taxonomy';

/** The part of the taxonomy file synonyms are made from. */
interface TaxonomyPhrases {
  threshold: number;
  defaultWeight: number;
  themes: {
    label: string;
    signals: Array<string | { p: string; w?: number; case?: boolean; needsContext?: boolean }>;
  }[];
}

// A signal is usable as a synonym only when it is a plain phrase: no pattern operators
// (| ~ + [ ] ( ) .. * re:), which mean something to the tagger and nothing to the analyser.
const PLAIN_PHRASE = /^[a-z]+(?:[ -][a-z]+)+$/i;
// A fragment that stops on a function word ("not visible to") reads as nothing on its own.
const DANGLING = /\b(?:a|an|and|for|in|of|or|than|the|to|what|with)$/;

function words(text: string): string {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).join(' ');
}

/**
 * Search-time synonym rules (Solr format) from the taxonomy: a theme's label also finds the
 * plain multi-word phrases that on their own assert the theme ("toxic trio" finds "trilogy of
 * risk"). One-way, so a search for a signal phrase is not widened to the whole theme. Phrases
 * are reduced to lower-case words, so no rule can carry the format's own "," or "=>".
 */
export function synonymRules(spec: TaxonomyPhrases): string[] {
  const rules: string[] = [];
  for (const theme of spec.themes) {
    const label = words(theme.label);
    const phrases = new Set<string>();
    for (const s of theme.signals) {
      const signal = typeof s === 'string' ? { p: s } : s;
      if (signal.case || signal.needsContext || (signal.w ?? spec.defaultWeight) < spec.threshold) continue;
      if (!PLAIN_PHRASE.test(signal.p)) continue;
      const phrase = words(signal.p);
      if (phrase !== label && !DANGLING.test(phrase)) phrases.add(phrase);
    }
    if (label && phrases.size) rules.push(`${label} => ${[label, ...phrases].join(', ')}`);
  }
  return rules;
}

export function taxonomySynonyms(file = defaultTaxonomyFile()): string[] {
  return synonymRules(YAML.parse(fs.readFileSync(file, 'utf8')) as TaxonomyPhrases);
}
