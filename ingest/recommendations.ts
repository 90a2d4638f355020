import type { Passage, Recommendation } from '../model';

const NUMBERED = /(?:^|\s)(?:recommendation\s+)?(\d{1,2})[.):]\s+/gi;
const STARTS_NUMBERED = /^(?:recommendation\s+)?\d{1,2}[.):]\s/i;
/** A paragraph number of the report's own ("8.2 "), not a recommendation's. */
const PARAGRAPH_NUMBER = /^\d{1,2}\.\d{1,2}\.?\s+/;
/** The sentence that introduces the list, not one of its items. */
const PREAMBLE = /\b(the following|as follows|makes? (these|\w+) recommendations|recommendations (are|were) (made|set out))\b|:$/i;
const BULLET = /(?:^|\s)[•▪●◦]\s+/;

/**
 * Each recommendation as an item of its own: numbered items inside the recommendations section
 * are split apart. When the section numbers its items, an unnumbered paragraph there is the
 * preamble ("The review makes the following recommendations…"), not a recommendation; when it
 * numbers none, each paragraph is one, or each bullet of it, leaving out a preamble.
 */
export function extractRecommendations(passages: Omit<Passage, 'themes'>[]): Omit<Recommendation, 'themes'>[] {
  const inSection = passages.filter((p) => p.section === 'recommendations').map((p) => ({ ...p, text: p.text.replace(PARAGRAPH_NUMBER, '') }));
  const numbered = inSection.some((p) => STARTS_NUMBERED.test(p.text));
  const items: Omit<Recommendation, 'themes'>[] = [];
  for (const p of inSection) {
    const starts = [...p.text.matchAll(NUMBERED)];
    if (numbered && !starts.length) continue;
    const pieces = starts.length
      ? starts.map((m, i) => p.text.slice((m.index ?? 0) + m[0].length, starts[i + 1]?.index ?? p.text.length))
      : p.text.split(BULLET).filter((piece, i, all) => !(all.length > 1 && i === 0 && PREAMBLE.test(piece.trim())));
    for (const piece of pieces) {
      const text = piece.trim();
      if (text.length >= 20 && !(starts.length === 0 && pieces.length === 1 && PREAMBLE.test(text))) items.push({ id: `r${items.length + 1}`, text, page: p.page });
    }
  }
  return items;
}
