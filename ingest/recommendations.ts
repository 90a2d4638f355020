import type { Passage, Recommendation } from '../model';

const NUMBERED = /(?:^|\s)(?:recommendation\s+)?(\d{1,2})[.):]\s+/gi;

/**
 * Each recommendation as an item of its own: numbered items inside the recommendations section
 * are split apart. When the section numbers its items, an unnumbered paragraph there is the
 * preamble ("The review makes the following recommendations…"), not a recommendation; when it
 * numbers none, each paragraph is one.
 */
export function extractRecommendations(passages: Omit<Passage, 'themes'>[]): Omit<Recommendation, 'themes'>[] {
  const inSection = passages.filter((p) => p.section === 'recommendations');
  const numbered = inSection.some((p) => /^(?:recommendation\s+)?\d{1,2}[.):]\s/i.test(p.text));
  const items: Omit<Recommendation, 'themes'>[] = [];
  for (const p of inSection) {
    const starts = [...p.text.matchAll(NUMBERED)];
    if (numbered && !starts.length) continue;
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
