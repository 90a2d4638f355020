/** Passage- and review-level theme tagging from the compiled taxonomy. */
import type { Passage, ReviewTheme, SectionKind, ThemeTag } from '../model';
import type { CompiledTaxonomy, CompiledTheme, SignalMeta } from './compile';
import { compiledOf, type Taxonomy } from './load';
import type { Hit } from './matcher';
import { splitSentences, spanIndex, type Span } from './sentences';

export interface Tagger {
  /** Only asserted themes, strongest first; evidence is the triggering sentence(s). */
  tagPassage(text: string, section?: SectionKind): ThemeTag[];
  /** Review-level themes from passages whose .themes tagPassage has filled. */
  tagReview(passages: Passage[]): ReviewTheme[];
}

const TOXIC_TRIO = 'toxic-trio';
const TRIO_PARTS = ['domestic-abuse', 'parental-mental-health', 'parental-substance-misuse'];
const MAX_EVIDENCE = 3;

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * A word broken across a line in text cut from a PDF ("ba- bies") is joined again, its tail moved up
 * and the gap left as spaces after it, unless the hyphen is a suspended one ("pre- and post-natal").
 */
const BROKEN_WORD = /\b([a-z]+)- ([a-z]+)\b/g;
const SUSPENDED = new Set(['and', 'or', 'to', 'nor']);

/** Typographic quotes become plain ones, broken words whole; same length, so offsets still cut the original text. */
function normalise(text: string): string {
  const plain = text.replace(/[‘’]/g, "'").replace(/[“”]/g, '"');
  if (!plain.includes('- ')) return plain;
  return plain.replace(BROKEN_WORD, (whole, head: string, tail: string) => (SUSPENDED.has(tail) ? whole : `${head}${tail}  `));
}

interface Scored {
  score: number;
  evidence: string[];
}

export function createTagger(taxonomy: Taxonomy): Tagger {
  const c = compiledOf(taxonomy);
  return {
    tagPassage: (text, section) => tagPassage(c, text, section),
    tagReview: (passages) => tagReview(c, passages),
  };
}

function clauseAround(c: CompiledTaxonomy, text: string, sentence: Span, hit: Hit<SignalMeta>): [string, string] {
  let start = sentence.start;
  let end = sentence.end;
  const body = text.slice(sentence.start, sentence.end);
  c.clauseBreaks.lastIndex = 0;
  for (let m = c.clauseBreaks.exec(body); m; m = c.clauseBreaks.exec(body)) {
    const s = sentence.start + m.index;
    const e = s + m[0].length;
    if (e <= hit.start) start = e;
    else if (s >= hit.end) {
      end = s;
      break;
    }
  }
  return [text.slice(start, hit.start), text.slice(hit.end, end)];
}

function scoreTheme(
  c: CompiledTaxonomy,
  theme: CompiledTheme,
  text: string,
  sentences: Span[],
  processSentences: Set<number>,
): { score: number; sentences: number[] } | null {
  const hits = theme.signals.matchAll(text);
  if (!hits.length) return null;
  const looks = theme.lookalikes.empty ? [] : theme.lookalikes.matchAll(text);
  const blocked = new Set(looks.filter((l) => l.meta === 'sentence').map((l) => spanIndex(sentences, l.start)));
  let contextPresent: boolean | undefined;
  const weighed: Array<{ hit: Hit<SignalMeta>; w: number; sentence: number }> = [];
  for (const hit of hits) {
    const si = spanIndex(sentences, hit.start);
    if (blocked.has(si)) continue;
    if (looks.some((l) => l.meta === 'span' && l.start < hit.end && hit.start < l.end)) continue;
    const [before, after] = clauseAround(c, text, sentences[si], hit);
    if (c.negationGroups.has(theme.group) && (c.negationBefore?.test(before) || c.negationAfter?.test(after))) continue;
    if (c.absenceGroups.has(theme.group) && c.absenceBefore?.test(before)) continue;
    let w = hit.meta.w;
    if (hit.meta.needsContext && theme.context) {
      contextPresent ??= theme.context.matcher.test(text);
      if (!contextPresent) w *= theme.context.factor;
    }
    if (c.hedgeGroups.has(theme.group) && c.hedgeBefore?.test(before)) w *= c.hedgeFactor;
    if (processSentences.has(si)) w *= c.process.factor;
    weighed.push({ hit, w, sentence: si });
  }
  // Overlapping hits are one piece of evidence (the strongest reading wins), and a signal
  // counts once per sentence, so a repeated or nested phrase does not inflate the score.
  weighed.sort((a, b) => b.w - a.w);
  const kept: Hit<SignalMeta>[] = [];
  const best = new Map<string, { w: number; sentence: number }>();
  for (const { hit, w, sentence } of weighed) {
    if (kept.some((k) => k.start < hit.end && hit.start < k.end)) continue;
    kept.push(hit);
    const key = `${hit.meta.index}:${sentence}`;
    if (!best.has(key)) best.set(key, { w, sentence });
  }
  let strongest = 0;
  for (const { w } of best.values()) strongest = Math.max(strongest, w);
  if (strongest < c.anchorWeight) return null;
  let miss = 1;
  const bySentence = new Map<number, number>();
  for (const { w, sentence } of best.values()) {
    miss *= 1 - w;
    bySentence.set(sentence, Math.max(bySentence.get(sentence) ?? 0, w));
  }
  const ranked = [...bySentence.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([s]) => s);
  return { score: 1 - miss, sentences: ranked };
}

function tagPassage(c: CompiledTaxonomy, original: string, section?: SectionKind): ThemeTag[] {
  const text = normalise(original);
  const sentences = splitSentences(text);
  if (!sentences.length) return [];
  const processSentences = new Set(c.process.matcher.matchAll(text).map((h) => spanIndex(sentences, h.start)));
  const sectionWeight = section ? c.sectionWeights[section] : 1;
  const sentenceText = (i: number) => original.slice(sentences[i].start, sentences[i].end);
  const found = new Map<string, Scored>();
  const entailments: Array<[CompiledTheme, Scored]> = [];
  for (const theme of c.themes) {
    const r = scoreTheme(c, theme, text, sentences, processSentences);
    if (!r) continue;
    const score = r.score * sectionWeight;
    if (score < c.threshold) continue;
    const scored = { score, evidence: r.sentences.slice(0, MAX_EVIDENCE).map(sentenceText) };
    found.set(theme.id, scored);
    if (theme.entails.length) entailments.push([theme, scored]);
  }
  for (const [theme, scored] of entailments) {
    for (const id of theme.entails) {
      const score = scored.score * c.entailFactor;
      if (score >= c.threshold && (found.get(id)?.score ?? 0) < score) found.set(id, { score, evidence: scored.evidence });
    }
  }
  const trio = TRIO_PARTS.map((id) => found.get(id));
  if (trio.every(Boolean)) {
    const parts = trio as Scored[];
    const score = Math.min(...parts.map((p) => p.score));
    if ((found.get(TOXIC_TRIO)?.score ?? 0) < score) {
      found.set(TOXIC_TRIO, { score, evidence: [...new Set(parts.map((p) => p.evidence[0]))] });
    }
  }
  return [...found.entries()]
    .map(([id, s]) => ({ id, score: round(Math.min(1, s.score)), evidence: s.evidence }))
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

interface Carrier {
  passage: Passage;
  tag: ThemeTag;
  /** The passage's score weighed by how much its section says about the review's findings. */
  weight: number;
}

/**
 * What a review is about: a theme needs section-weighted evidence of at least minEvidence and a
 * fair share of the evidence of the review's strongest themes, so a mention in the chronology or
 * the family background, or one aside among the findings, does not make it a review theme.
 */
function tagReview(c: CompiledTaxonomy, passages: Passage[]): ReviewTheme[] {
  const { review } = c;
  const byTheme = new Map<string, Carrier[]>();
  for (const passage of passages) {
    for (const tag of passage.themes) {
      let list = byTheme.get(tag.id);
      if (!list) byTheme.set(tag.id, (list = []));
      list.push({ passage, tag, weight: tag.score * review.sectionWeights[passage.section] });
    }
  }
  const sum = (list: Carrier[]) => list.reduce((s, x) => s + x.weight, 0);
  const present = new Set([...byTheme].filter(([, list]) => sum(list) >= review.minEvidence).map(([id]) => id));
  // A broader theme counts only the passages its narrower themes do not explain: bruising to a
  // non-mobile baby is evidence of physical abuse, but not of a second, separate finding. The
  // trio is the exception: its parts are what it is made of, and it has its own rule below.
  const narrower = new Map(c.themes.map((t) => [t.id, t.id === TOXIC_TRIO ? [] : t.narrower.filter((n) => present.has(n))]));
  const evidence = new Map<string, number>();
  for (const [id, list] of byTheme) {
    const explained = narrower.get(id) ?? [];
    evidence.set(id, sum(list.filter((x) => !x.passage.themes.some((t) => explained.includes(t.id)))));
  }
  const strongest = [...evidence.values()].sort((a, b) => b - a).slice(0, review.strongest);
  const bar = Math.max(review.minEvidence, (review.relative * strongest.reduce((s, x) => s + x, 0)) / Math.max(1, strongest.length));

  const themes = new Map<string, ReviewTheme>();
  for (const [id, list] of byTheme) {
    const e = evidence.get(id) ?? 0;
    if (e < bar) continue;
    list.sort((a, b) => b.weight - a.weight);
    themes.set(id, {
      id,
      // 0.5 at the minimum evidence, rising towards 1 as the evidence grows.
      score: round(e / (e + review.minEvidence)),
      passages: list.map((x) => x.passage.id),
      evidence: [...new Set(list.slice(0, MAX_EVIDENCE).map((x) => x.tag.evidence[0]))],
    });
  }
  // The trio as a pattern across the review: each part may be found in a different passage.
  const parts = TRIO_PARTS.map((id) => themes.get(id));
  if (parts.every(Boolean)) {
    const found = parts as ReviewTheme[];
    const score = Math.min(...found.map((t) => t.score));
    const named = themes.get(TOXIC_TRIO);
    if (!named || named.score < score) {
      themes.set(TOXIC_TRIO, {
        id: TOXIC_TRIO,
        score,
        passages: [...new Set([...(named?.passages ?? []), ...found.map((t) => t.passages[0])])],
        evidence: [...new Set([...(named?.evidence.slice(0, 1) ?? []), ...found.map((t) => t.evidence[0])])],
      });
    }
  }
  return [...themes.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
