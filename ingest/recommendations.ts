import type { Passage, Recommendation } from '../model';

const NUMBERED = /(?:^|\s)(?:recommendation\s+)?(\d{1,2})[.):]\s+/gi;

/**
 * Each recommendation as an item of its own: numbered items inside the recommendations section
 * are split apart; an unnumbered paragraph there is one recommendation.
 */
export function extractRecommendations(passages: Omit<Passage, 'themes'>[]): Omit<Recommendation, 'themes'>[] {
  const items: Omit<Recommendation, 'themes'>[] = [];
  for (const p of passages) {
    if (p.section !== 'recommendations') continue;
    const starts = [...p.text.matchAll(NUMBERED)];
    const pieces = starts.length
      ? starts.map((m, i) => p.text.slice((m.index ?? 0) + m[0].length, starts[i + 1]?.index ?? p.text.length))
      : [p.text];
    for (const piece of pieces) {
      const text = piece.trim();
      if (text.length >= 20) items.push({ id: `r${items.length + 1}`, text, page: p.page });
    }
  }
  return items;
}
