/** Sentence spans of a passage: the unit of evidence and of negation scope. */

export interface Span {
  start: number;
  end: number;
}

// Abbreviations common in reports that end in a full stop but not a sentence.
const ABBREVIATIONS = /(?:^|\s)(?:e\.g|i\.e|etc|Dr|Mr|Mrs|Ms|No|para|paras|approx|cf|vs|St)\.$/i;
const BOUNDARY = /[.!?]["'”’)]*\s+(?=["'“‘(]?[A-Z0-9•])|\s*[•▪●◦]\s*|\n\s*\n|\n(?=\s*[-*–]\s)/g;

export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s) spans.push({ start: s, end: e });
  };
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(text); m; m = BOUNDARY.exec(text)) {
    const isStop = /[.!?]/.test(m[0][0]);
    if (isStop && ABBREVIATIONS.test(text.slice(Math.max(0, m.index - 8), m.index + 1))) continue;
    push(isStop ? m.index + m[0].trimEnd().length : m.index);
    start = m.index + m[0].length;
  }
  push(text.length);
  return spans;
}

/** Index of the span containing offset (spans sorted, non-overlapping). */
export function spanIndex(spans: Span[], offset: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (spans[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
