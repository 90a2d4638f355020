import type { RawPage } from './extractors';
import { headingKind, isHeadingLine, looksLikeHeading } from './headings';
import { leaderedEntryTitle } from './contents';

/** A paragraph of cleaned text with the page it starts on. A table is one paragraph, one row per line, cells split by tabs. */
export interface Paragraph {
  text: string;
  page: number;
}

const PAGE_NUMBER = [
  /^\s*(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?\s*$/i,
  /^\s*[-–—]\s*\d{1,4}\s*[-–—]\s*$/,
  /^\s*[ivxlc]{1,6}\s*$/i,
];

/** Lines compared across pages with digits blanked, so "Page 3 of 20" repeats like "Page 4 of 20". */
function shape(line: string): string {
  return line.trim().replace(/\d+/g, '#').replace(/\s+/g, ' ').toLowerCase();
}

/**
 * The shape of a line that carries a page number beside its text ("12    Child Q Serious Case
 * Review", "Overview report | 7"), without the number; null for a line with no number at either end.
 */
function besideNumber(line: string): string | null {
  const bare = line.trim().replace(/^\d{1,4}(?:\s*[|·•–—-])?\s+(?=\S)/, '').replace(/(?<=\S)\s+(?:[|·•–—-]\s*)?\d{1,4}$/, '');
  return bare === line.trim() ? null : shape(bare);
}

const EDGE_LINES = 3;
/** Marks the shape of a line's text without the page number printed beside it. */
const NUMBERED = 'numbered:';

/** The text of a contents entry without its leader and page number, shaped for comparison. */
function contentsEntry(line: string): string | null {
  const title = leaderedEntryTitle(line);
  return title ? shape(title) : null;
}

/**
 * Running headers and footers: lines near the top or bottom of a page whose shape recurs on at
 * least half of the pages, or on half of the odd or of the even pages where left and right pages
 * carry different ones (and on at least two). A shape that also stands in the body of a page, or
 * as an entry of the contents list, is the report's own text and never furniture.
 */
export function findRunningLines(pages: string[][], keep: (shape: string, pagesSeen: number) => boolean = () => false): Set<string> {
  const seen = new Map<string, number[]>();
  const inBody = new Set<string>();
  pages.forEach((lines, i) => {
    const nonEmpty = lines.filter((l) => l.trim());
    const edges = new Set([...nonEmpty.slice(0, EDGE_LINES), ...nonEmpty.slice(-EDGE_LINES)].map(shape));
    // A header printed with its page number counts with the same header printed without one.
    const bare = new Set(nonEmpty.slice(0, EDGE_LINES).concat(nonEmpty.slice(-EDGE_LINES)).map(besideNumber).filter((b): b is string => !!b && !edges.has(b)));
    for (const s of [...edges, ...[...bare].map((b) => `${NUMBERED}${b}`)]) {
      if (!s) continue;
      const counts = seen.get(s) ?? [0, 0];
      counts[i % 2]++;
      seen.set(s, counts);
    }
    for (const l of nonEmpty.slice(EDGE_LINES, -EDGE_LINES)) {
      inBody.add(shape(l));
      const entry = contentsEntry(l);
      if (entry) inBody.add(entry);
    }
  });
  const threshold = (n: number) => Math.max(2, Math.ceil(n * 0.5));
  // Counted apart from the same text without a number: "Overview report | 3" in a header makes
  // "Overview report" on the title page no header.
  for (const [s, counts] of seen) {
    if (!s.startsWith(NUMBERED)) continue;
    const plain = seen.get(s.slice(NUMBERED.length));
    if (plain) seen.set(s, [counts[0] + plain[0], counts[1] + plain[1]]);
  }
  const half = [Math.ceil(pages.length / 2), Math.floor(pages.length / 2)];
  return new Set(
    [...seen]
      .filter(([s, [even, odd]]) => !inBody.has(s.replace(NUMBERED, '')) && !keep(s, even + odd) && (even + odd >= threshold(pages.length) || even >= threshold(half[0]) || odd >= threshold(half[1])))
      .map(([s]) => s),
  );
}

function isRunning(line: string, running: Set<string>): boolean {
  if (running.has(shape(line))) return true;
  const bare = besideNumber(line);
  return !!bare && (running.has(NUMBERED + bare) || running.has(bare));
}

function isPageNumber(line: string): boolean {
  return PAGE_NUMBER.some((re) => re.test(line));
}

/** Strip running headers, footers and page numbers from each page's lines (the contents list is taken out before: see contents.ts). */
export function stripPageFurniture(pages: RawPage[], headings: string[] = []): { num: number; lines: string[] }[] {
  const split = pages.map((p) => p.text.replace(/\r\n?/g, '\n').split('\n'));
  // A heading the contents list names may also stand on the title page: twice is not a running line.
  const listed = new Set(headings.map(shape));
  const running = pages.length > 1 ? findRunningLines(split, (s, n) => listed.has(s) && n <= 2) : new Set<string>();
  return pages.map((p, i) => {
    const lines = split[i];
    const nonEmptyIdx = lines.map((l, j) => (l.trim() ? j : -1)).filter((j) => j >= 0);
    const edge = new Set([...nonEmptyIdx.slice(0, EDGE_LINES), ...nonEmptyIdx.slice(-EDGE_LINES)]);
    return {
      num: p.num,
      lines: lines
        .filter((l, j) => !(edge.has(j) && (isRunning(l, running) || isPageNumber(l)))),
    };
  });
}

const SENTENCE_END = /[.!?:;)"”’]$/;
const WORD = /[A-Za-z]+(?:-[A-Za-z]+)*/g;

/**
 * Join a word hyphenated across a line end. The hyphen stays when the document spells the
 * word with a hyphen elsewhere and never without ("non-" + "mobile"); otherwise it was the
 * typesetter's and goes ("organis-" + "ation").
 */
function joiner(pages: { lines: string[] }[]): (left: string, right: string) => string {
  // Most documents never break a word across lines: their vocabulary is not gathered.
  let vocabulary: Set<string> | undefined;
  return (left, right) => {
    const head = left.match(/([A-Za-z]+)-$/)?.[1];
    const tail = right.match(/^[a-z]+/)?.[0];
    if (!head || !tail) return left + ' ' + right;
    vocabulary ??= vocabularyOf(pages);
    const hyphenated = `${head}-${tail}`.toLowerCase();
    const joined = `${head}${tail}`.toLowerCase();
    return vocabulary.has(hyphenated) && !vocabulary.has(joined) ? left + right : left.slice(0, -1) + right;
  };
}

function vocabularyOf(pages: { lines: string[] }[]): Set<string> {
  const words = new Set<string>();
  for (const p of pages) for (const l of p.lines) for (const w of l.match(WORD) ?? []) words.add(w.toLowerCase());
  return words;
}

interface Block {
  lines: string[];
  page: number;
  /** First block on its page: it may continue the last paragraph of the page before. */
  pageStart: boolean;
}

function blocksOf(pages: { num: number; lines: string[] }[]): Block[] {
  const blocks: Block[] = [];
  for (const page of pages) {
    let current: string[] = [];
    let first = true;
    const flush = () => {
      if (current.length) blocks.push({ lines: current, page: page.num, pageStart: first });
      if (current.length) first = false;
      current = [];
    };
    for (const raw of page.lines) {
      const line = raw.replace(/[ \u00a0]+/g, ' ').trim();
      if (line) current.push(line);
      else flush();
    }
    flush();
  }
  return blocks;
}

const isTableBlock = (lines: string[]) => lines.length > 1 && lines.every((l) => l.includes('\t'));

/**
 * Rebuild paragraphs. Where the extractor marks paragraph breaks with blank lines (every
 * extractor here does), a block between blank lines is a paragraph, a table keeps its rows, and a
 * paragraph cut by a page break is joined again. Text without blank lines falls back to reading
 * the lines: a short line that ends a sentence closes a paragraph and a heading stands alone.
 */
export function buildParagraphs(pages: { num: number; lines: string[] }[]): Paragraph[] {
  const join = joiner(pages);
  const blocks = blocksOf(pages);
  const paragraphs: Paragraph[] = [];
  const structured = blocks.length > pages.length;
  // The measure is the document's: a title page of short lines is no measure of itself.
  const widths = blocks.flatMap((b) => b.lines.map((l) => l.length)).sort((a, b) => b - a);
  const fullWidth = widths[Math.floor(widths.length * 0.2)] ?? 0;
  for (const block of structured ? blocks : blocks.flatMap((b) => splitByLines(b, fullWidth))) {
    if (isTableBlock(block.lines)) {
      paragraphs.push({ text: block.lines.map((l) => l.split('\t').map((c) => c.trim()).join('\t')).join('\n'), page: block.page });
      continue;
    }
    const text = block.lines.map((l) => l.replace(/\t+/g, ' ')).reduce((acc, l) => (/[A-Za-z]-$/.test(acc) && /^[a-z]/.test(l) ? join(acc, l) : acc + ' ' + l));
    const prev = paragraphs[paragraphs.length - 1];
    const continues =
      block.pageStart &&
      prev &&
      !prev.text.includes('\t') &&
      !SENTENCE_END.test(prev.text) &&
      !looksLikeHeading(prev.text) &&
      !isHeadingLine(text) &&
      (/-$/.test(prev.text) || /^[a-z(]/.test(text));
    if (continues) prev.text = /[A-Za-z]-$/.test(prev.text) && /^[a-z]/.test(text) ? join(prev.text, text) : prev.text + ' ' + text;
    else paragraphs.push({ text, page: block.page });
  }
  return paragraphs;
}

/** Paragraphs of a block of lines with no blank lines to go by. */
function splitByLines(block: Block, fullWidth: number): Block[] {
  const out: Block[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length) out.push({ lines: current, page: block.page, pageStart: block.pageStart && out.length === 0 });
    current = [];
  };
  // A line ends its paragraph when the next line's first word would have fitted on it: the text did not wrap there.
  const ends = (line: string, next: string | undefined) => next === undefined || line.length + 1 + (next.split(' ')[0]?.length ?? 0) < fullWidth * 0.85;
  block.lines.forEach((line, i) => {
    const last = current[current.length - 1];
    const next = block.lines[i + 1];
    const ended = last === undefined || SENTENCE_END.test(last) || ends(last, line);
    if (isHeadingLine(line) && (ended || headingKind(line)) && ends(line, next)) {
      flush();
      current.push(line);
      flush();
      return;
    }
    current.push(line);
    if (ends(line, next)) flush();
  });
  flush();
  return out;
}

export function cleanPages(pages: RawPage[], headings: string[] = []): Paragraph[] {
  return buildParagraphs(stripPageFurniture(pages, headings));
}
