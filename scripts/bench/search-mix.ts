/**
 * The benchmark's requests: several hundred distinct API paths drawn from the corpus itself (its
 * words, word pairs and phrases, misspelt words), the taxonomy (themes, search terms) and the
 * facet values the corpus has, with sorts, pages and statistics, in a fixed shuffled order.
 */
import type { ReviewRecord } from '../../model';
import { SEARCH_FIELDS, STATS_DIMENSIONS, rangeKeys } from '../../model';
import type { SearchVocabulary } from '../../search/fields';
import { Random } from '../fixtures/random';

const WORD = /[a-z]{4,}/g;
const STOP = new Set('that this with were from have been their which there they when would about also into more than them then some what other could after only should these those being where while before because through'.split(' '));

function qs(params: [string, string | number | boolean][]): string {
  return params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
}

export interface MixOptions {
  /** Distinct requests wanted (at least). */
  size?: number;
  seed?: number;
}

export function searchMix(sample: ReviewRecord[], vocab: SearchVocabulary, themes: string[], options: MixOptions = {}): string[] {
  const size = options.size ?? 600;
  const rnd = new Random(options.seed ?? 12);
  const freq = new Map<string, number>();
  const sentences: string[][] = [];
  for (const r of sample) {
    for (const p of r.passages) {
      const ws = p.text.toLowerCase().match(WORD) ?? [];
      sentences.push(ws);
      for (const w of ws) if (!STOP.has(w)) freq.set(w, (freq.get(w) ?? 0) + 1);
    }
  }
  // Common enough to match many reviews, rare enough not to match them all.
  const words = [...freq].sort((a, b) => b[1] - a[1]).slice(20, 1500).map(([w]) => w);
  const values = (field: string) => [...new Set(sample.flatMap((r) => SEARCH_FIELDS[field as keyof typeof SEARCH_FIELDS].of(r).map(String)))].sort();
  const facetValues = { region: values('region'), area: values('area'), review_type: values('review_type'), age_band: values('age_band'), outcome: values('outcome') };
  const terms = [...vocab.terms.byFirstWord.values()].flat().map((t) => t.words.join(' '));
  const years = rangeKeys('year');

  const makers: [number, () => [string, string | number | boolean][] | string][] = [
    [20, () => [['q', rnd.pick(words)]]],
    [14, () => [['q', `${rnd.pick(words)} ${rnd.pick(words)}`]]],
    [8, () => {
      const s = rnd.pick(sentences.filter((x) => x.length >= 4));
      const at = rnd.int(0, s.length - 3);
      return [['q', `"${s.slice(at, at + rnd.int(2, 3)).join(' ')}"`]];
    }],
    [5, () => [['q', rnd.pick(terms)]]],
    [4, () => {
      const w = rnd.pick(words);
      const at = rnd.int(1, w.length - 2);
      return [['q', w.slice(0, at) + w.slice(at + 1)]];
    }],
    [10, () => [...rnd.sample(themes, rnd.int(1, 2)).map((t) => ['theme', t] as [string, string]), ...(rnd.chance(0.2) ? [['narrower', false] as [string, boolean]] : [])]],
    [12, () => {
      const p: [string, string | number][] = [];
      for (const field of rnd.sample(Object.keys(facetValues) as (keyof typeof facetValues)[], rnd.int(1, 2))) {
        for (const v of rnd.sample(facetValues[field], rnd.int(1, 2))) p.push([field, v]);
      }
      if (rnd.chance(0.5)) p.push([years.from, rnd.int(2010, 2018)]);
      if (rnd.chance(0.3)) p.push([years.to, rnd.int(2019, 2025)]);
      if (rnd.chance(0.5)) p.push(['q', rnd.pick(words)]);
      if (rnd.chance(0.3)) p.push(['theme', rnd.pick(themes)]);
      return p;
    }],
    [8, () => {
      const p: [string, string | number][] = [['q', rnd.pick(words)], ['sort', rnd.pick(['date', 'added'])]];
      if (rnd.chance(0.5)) p.push(['page', rnd.int(2, 4)]);
      return p;
    }],
    [10, () => {
      const p: [string, string | number][] = [['by', rnd.pick(STATS_DIMENSIONS)]];
      if (rnd.chance(0.5)) p.push(['theme', rnd.pick(themes)]);
      if (rnd.chance(0.4)) p.push(['region', rnd.pick(facetValues.region)]);
      if (rnd.chance(0.3)) p.push(['q', rnd.pick(words)]);
      return `/api/stats/themes?${qs(p)}`;
    }],
    [5, () => {
      const p: [string, string | number][] = rnd.sample(themes, rnd.int(2, 5)).map((t) => ['of', t]);
      if (rnd.chance(0.4)) p.push(['review_type', rnd.pick(facetValues.review_type)]);
      return `/api/stats/co-occurrence?${qs(p)}`;
    }],
  ];
  const total = makers.reduce((n, [w]) => n + w, 0);
  const out = new Set<string>();
  for (let tries = 0; out.size < size && tries < size * 20; tries++) {
    let pick = rnd.next() * total;
    const [, make] = makers.find(([w]) => (pick -= w) < 0) ?? makers[0];
    const made = make();
    out.add(typeof made === 'string' ? made : `/api/search?${qs(made)}`);
  }
  return rnd.shuffle([...out]);
}
