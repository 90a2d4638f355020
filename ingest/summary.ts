import type { Passage, SectionKind } from '../model';
import { cutAtWord } from '../lib/text';

/** Where a review's summary is taken from, best first; the chronology never, nor the title page. */
const SOURCES: SectionKind[] = ['executive-summary', 'introduction', 'analysis'];
const TARGET = 400;
const LIMIT = 900;

/** Openings that describe the report or the review process rather than the case. */
const BOILERPLATE = [
  /^(this|the) (report|overview report|review|executive summary|summary|document|serious case review|practice review)\b.{0,40}\b(sets out|describes|summarises|presents|provides|outlines|is (written|structured|set out|intended))/i,
  /^the (purpose|aim|aims|objectives?|focus) of (this|the|a) (review|report|serious case review|practice review|executive summary)/i,
  /^(this|the) (review|report|serious case review|practice review) (was|has been|is being) (commissioned|undertaken|carried out|conducted|completed|written|prepared)\b/i,
  /\b(working together to safeguard children|regulation \d|statutory (guidance|criteria)|terms of reference|in accordance with (the )?(guidance|chapter|regulation))\b/i,
  /^(all|the) (names|family members|individuals) (have been|are|were) (anonymised|changed)/i,
];

const CHILD = /\b(child|children|baby|babies|infant|boy|girl|young (person|people)|brothers|sisters|siblings)\b|\b(he|she) (was|had|died)\b/i;
const EVENT = /\b(died|death|killed|injur\w*|fractur\w*|bruis\w*|harmed|suffered (serious|significant) harm|abuse[ds]?|neglect\w*|exploit\w*|assault\w*|suicide|took (his|her|their) own life|found (dead|unresponsive|in|at|with|home)|admitted|(taken|brought|rushed) to hospital|brought into care|removed|missing|self-harm\w*)\b/i;
const FINDING = /\b(the review (found|identified|concluded|highlighted|shows|showed)|found that|learning (in|about|for|includes)|key (findings|learning|issues)|issues identified)\b/i;
/** A list of the review's particular themes ("learning in the following areas: a; b; c"). */
const LIST = /:\s*[^;:]+;[^;]+;/;
/** Praise or hindsight that any review could say. */
const GENERIC = /\b(cared about|worked hard|tried their best|committed (practitioners|professionals)|benefit of hindsight|could not have been (predicted|prevented))\b/i;

const CONTINUES = /^(it|they|this|these|however|also|in addition|furthermore|moreover)\b/i;

/** A paragraph number, with or without the space after it ("1.2The circumstances"). */
const PARAGRAPH_NUMBER = /^\d{1,2}(?:\.\d{1,2})*\.?\s*(?=[A-Z“"‘(])/;
const MIN_SENTENCE = 30;

/**
 * A section's sentences, read across its passages: a passage may end mid-sentence where the
 * layout broke a paragraph.
 */
function sentencesOf(passages: Omit<Passage, 'themes'>[], kind: SectionKind): string[] {
  return passages
    .filter((p) => p.section === kind)
    .map((p) => p.text)
    .join(' ')
    .split(/(?<=[.!?][”"’)]?)\s+(?=[A-Z“"‘(\d])/)
    .map((s) => s.trim().replace(PARAGRAPH_NUMBER, ''))
    .filter((s) => s.length >= MIN_SENTENCE && /[a-z]{3}/.test(s));
}

/** How much a sentence says about this review in particular: what happened to the child, what the review found. */
function score(sentence: string): number {
  const event = EVENT.test(sentence);
  let n = (event ? 1 : 0) + (event && CHILD.test(sentence) ? 2 : 0) + (FINDING.test(sentence) ? 1 : 0) + (LIST.test(sentence) ? 2 : 0);
  if (GENERIC.test(sentence)) n -= 2;
  // "This review was undertaken because…" is boilerplate unless what follows says what happened.
  if (BOILERPLATE.some((re) => re.test(sentence))) return n >= 3 ? n - 1 : -1;
  return n;
}

/**
 * The review's summary: sentences from its executive summary, else from its introduction's
 * opening findings, that say what happened and what the review found. Sentences about the report
 * or the process are left out when the section has better ones; the chronology is never used.
 */
export function summaryOf(passages: Omit<Passage, 'themes'>[]): { summary: string; source: SectionKind | null } {
  for (const kind of SOURCES) {
    const pool = sentencesOf(passages, kind)
      .map((text, at) => ({ text, at, score: score(text) }))
      .filter((s) => s.score > 0);
    // The most particular sentences, read in the report's order.
    const chosen: typeof pool = [];
    let length = 0;
    for (const s of [...pool].sort((a, b) => b.score - a.score || a.at - b.at)) {
      if (length >= TARGET) break;
      chosen.push(s);
      length += s.text.length + 1;
    }
    // A sentence that leans on the one before it ("It also found…") reads wrongly without it,
    // unless it says what happened itself.
    const taken = new Set(chosen.map((s) => s.at));
    const readable = chosen.filter((s) => !CONTINUES.test(s.text) || taken.has(s.at - 1) || s.score >= 3).sort((a, b) => a.at - b.at);
    if (readable.length) return { summary: cutAtWord(readable.map((s) => s.text).join(' '), LIMIT), source: kind };
  }
  // Nothing says what happened: the first plain sentences of the best section there is.
  for (const kind of SOURCES) {
    const plain = sentencesOf(passages, kind).filter((s) => score(s) >= 0);
    if (plain.length) return { summary: cutAtWord(plain.slice(0, 3).join(' '), LIMIT), source: kind };
  }
  return { summary: '', source: null };
}
