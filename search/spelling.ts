/**
 * What "closest by spelling" means, the same for both engines and for the taxonomy's own words:
 * which words are corrected, how far a correction may be, and which of several wins. Elasticsearch
 * finds its candidates with its own suggester; the choice among them is made here, so the two
 * engines give the same answer on the same words.
 */

/** Words spelling is offered for: letters only, three or more. Numbers, codes and contractions are taken as typed. */
const SUGGESTIBLE = /^\p{L}{3,}$/u;

export const isSuggestible = (word: string) => SUGGESTIBLE.test(word);

/**
 * Edits a correction may be away: none under three letters (every short word is a word), one for
 * three or four letters, two from five.
 */
export function maxEdits(word: string): number {
  return word.length < 3 ? 0 : word.length < 5 ? 1 : 2;
}

/**
 * Edits a candidate may be away from a word. A second edit is allowed only when the first letter
 * is right, as in Elasticsearch's suggester (its Lucene spell checker fixes the first character
 * for two-edit candidates): people rarely get the first letter and another one wrong.
 */
export function allowedEdits(word: string, candidate: string): number {
  const max = maxEdits(word);
  return max > 1 && word[0] !== candidate[0] ? 1 : max;
}

/**
 * Damerau-Levenshtein distance (optimal string alignment: an adjacent swap is one edit), or
 * max + 1 once it is known to exceed max.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  if (rows[0].length <= n) rows = [0, 1, 2].map(() => new Int32Array(2 * (n + 1)));
  let [before, prev, row] = rows;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, before[j - 2] + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    [before, prev, row] = [prev, row, before];
  }
  return Math.min(prev[n], max + 1);
}
/** Rows reused from call to call: the distance is computed for thousands of candidates per word. */
let rows = [0, 1, 2].map(() => new Int32Array(64));

export interface WordCount {
  word: string;
  /** How many reviews use the word: the commoner of two equally close words wins. */
  count: number;
}

/** The candidate closest to the word within its allowed edits: fewest edits, then commonest, then first in code order. */
export function closestWord(word: string, candidates: Iterable<WordCount>): string | null {
  let best: { word: string; count: number; edits: number } | null = null;
  for (const c of candidates) {
    if (c.word === word || !isSuggestible(c.word)) continue;
    const edits = editDistance(word, c.word, allowedEdits(word, c.word));
    if (edits > allowedEdits(word, c.word)) continue;
    if (!best || edits < best.edits || (edits === best.edits && (c.count > best.count || (c.count === best.count && c.word < best.word)))) {
      best = { word: c.word, count: c.count, edits };
    }
  }
  return best?.word ?? null;
}

/**
 * The distinct words of a text as Elasticsearch's standard tokenizer and lowercase filter read
 * them (letters and digits, joined across an apostrophe, full stop or colon between them), keeping
 * those spelling is offered for: what both engines' word lists hold.
 */
export function spellingWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const token of text.toLowerCase().match(/[\p{L}\p{N}_]+(?:[.:'’][\p{L}\p{N}_]+)*/gu) ?? []) {
    if (isSuggestible(token)) out.add(token);
  }
  return out;
}
