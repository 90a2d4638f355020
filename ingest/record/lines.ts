/** The parts of a report's opening that the record is read from, with the web residue taken out. */
import { cutAtWord } from '../../lib/text';

/** Lines a web copy of a report adds around it: viewer buttons, counters, "Page 1: …" previews. */
const RESIDUE =
  /^(?:[•·]\s*)?(?:upload|download|view|others|share|embed size.*|citation preview|skip to content|total page:?\s*\d+|file type:.*|<<|>>|\d{1,3}|[\d,.]+\s*views?|page \d+:.*|page \d+ ?\|.*|p ?a ?g ?e \d+\s*\|\s*\d+|page \d+ of \d+|page \d+|[a-z]{3} \d{1,2}, \d{4})$/i;

/** A line quoting a web address or a search preview ("…southamptonlscb.co.uk/wp-content/…"). */
const WEB = /https?:\/\/|www\.|wp-content|\.(?:co|org|gov)\.uk\/|\.\.\.\S|…\s*›/i;

const PAGE_PREVIEW = /^page \d+:\s*/i;

export function isResidue(line: string): boolean {
  return RESIDUE.test(line) || WEB.test(line);
}

/** Where the title page ends: the contents list, or the first heading of the body. */
const TITLE_PAGE_END =
  /^(?:(?:table of )?contents?(?:\b|(?=[A-Z]))|index\b|list of contents\b|glossary\b|acronyms\b|preface\b|foreword\b|acknowledg|governance\b|(?:\d{1,2}(?:\.0)?\.?|[A-Z]\.)\s+(?:introduction|executive summary|summary|background|circumstances|decision|the review|why|reason)|introduction$)/i;

const MAX_TITLE_PAGE_LINES = 30;

export interface Opening {
  /** The title page's lines, trimmed, without residue. */
  titlePage: string[];
  /** The report's first pages after the title page, for facts the title page does not give. */
  introduction: string;
}

export function openingOf(frontText: string, fullText: string): Opening {
  const lines = frontText.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
  const titlePage: string[] = [];
  // A "Page 1: …" preview may wrap onto lines of its own: kept (without its marker) until the preview test below.
  const kept = lines.flatMap((l) => (PAGE_PREVIEW.test(l) && !WEB.test(l) ? [l.replace(PAGE_PREVIEW, '')] : l && !isResidue(l) ? [l] : []));
  const previews = new Set(lines.filter((l) => PAGE_PREVIEW.test(l) && !WEB.test(l)).map((l) => l.replace(PAGE_PREVIEW, '')));
  let skipTo = 0;
  for (const [i, line] of kept.entries()) {
    if (i < skipTo) continue;
    const preview = previewLength(kept, i);
    if (preview) {
      skipTo = i + preview;
      continue;
    }
    if (previews.has(line)) continue;
    if (TITLE_PAGE_END.test(line)) break;
    titlePage.push(line);
    if (titlePage.length >= MAX_TITLE_PAGE_LINES) break;
  }
  const introduction = fullText
    .slice(0, 14000)
    .split('\n')
    .filter((l) => !isResidue(l.trim()))
    .join('\n')
    .slice(0, 12000);
  return { titlePage, introduction };
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

/**
 * A web copy's preview of the title page (one long line, or a few once laid out on a page) and then
 * the title page itself: the number of preview lines starting at i, or 0.
 */
function previewLength(lines: string[], i: number): number {
  for (let k = 1; k <= 4 && i + k + 2 <= lines.length; k++) {
    const whole = squash(lines.slice(i, i + k).join(' '));
    const next = lines.slice(i + k, i + k + 2).map(squash);
    // The preview opens with the title page's first line.
    const opens = squash(lines[i]).includes(next[0]) && next[0].length < squash(lines[i]).length;
    if (opens && next.every((n) => n.length > 2 && n.length < whole.length && whole.includes(n))) return k;
  }
  return 0;
}

/** The sentences of a text, each on its own, with line breaks inside a sentence joined. */
export function sentencesOf(text: string): string[] {
  return text
    .replace(/-\n(?=[a-z])/g, '')
    .replace(/\s*\n\s*/g, ' \n ')
    .split(/(?<=[.!?])\s+(?=[A-Z0-9“"‘(])|\s\n\s(?=\d+(?:\.\d+)*\.?\s+[A-Z]|[A-Z][A-Z ]{3,}$)/)
    .map((s) => s.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean);
}

/** The evidence shown beside a field: the line it came from, cut to a readable length. */
export function evidenceLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return cutAtWord(line, 240);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A value read from the text with the line it came from. */
export interface Found<T> {
  value: T;
  evidence: string;
}
