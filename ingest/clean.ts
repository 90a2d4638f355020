import type { RawPage } from './extractors';
import { isHeadingLine } from './headings';

/** A paragraph of cleaned text with the page it starts on. */
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

const EDGE_LINES = 3;

/**
 * Running headers and footers: lines near the top or bottom of a page whose shape recurs on
 * at least half of the pages (and on at least two).
 */
export function findRunningLines(pages: string[][]): Set<string> {
  const seen = new Map<string, number>();
  for (const lines of pages) {
    const nonEmpty = lines.filter((l) => l.trim());
    const edges = new Set([...nonEmpty.slice(0, EDGE_LINES), ...nonEmpty.slice(-EDGE_LINES)].map(shape));
    for (const s of edges) if (s) seen.set(s, (seen.get(s) ?? 0) + 1);
  }
  const threshold = Math.max(2, Math.ceil(pages.length * 0.5));
  return new Set([...seen].filter(([, n]) => n >= threshold).map(([s]) => s));
}

function isPageNumber(line: string): boolean {
  return PAGE_NUMBER.some((re) => re.test(line));
}

/** Strip running headers, footers and page numbers from each page's lines. */
export function stripPageFurniture(pages: RawPage[]): { num: number; lines: string[] }[] {
  const split = pages.map((p) => p.text.replace(/\r\n?/g, '\n').split('\n'));
  const running = pages.length > 1 ? findRunningLines(split) : new Set<string>();
  return pages.map((p, i) => {
    const lines = split[i];
    const nonEmptyIdx = lines.map((l, j) => (l.trim() ? j : -1)).filter((j) => j >= 0);
    const edge = new Set([...nonEmptyIdx.slice(0, EDGE_LINES), ...nonEmptyIdx.slice(-EDGE_LINES)]);
    return {
      num: p.num,
      lines: lines.filter((l, j) => !(edge.has(j) && (running.has(shape(l)) || isPageNumber(l)))),
    };
  });
}

const SENTENCE_END = /[.!?:;)"”’]$/;

/**
 * Rebuild paragraphs from lines: blank lines separate paragraphs, a short line that ends a
 * sentence closes one, a heading stands alone, and a word hyphenated across a line end is joined.
 */
export function buildParagraphs(pages: { num: number; lines: string[] }[]): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let current: string | null = null;
  let currentPage = 0;
  const flush = () => {
    if (current !== null && current.trim()) paragraphs.push({ text: current.replace(/\s+/g, ' ').trim(), page: currentPage });
    current = null;
  };
  for (const page of pages) {
    const widths = page.lines.map((l) => l.trim().length).sort((a, b) => b - a);
    const fullWidth = widths[Math.floor(widths.length * 0.2)] ?? 0;
    for (const raw of page.lines) {
      const line = raw.trim();
      if (!line) {
        flush();
        continue;
      }
      if (isHeadingLine(line) && (current === null || SENTENCE_END.test(current))) {
        flush();
        paragraphs.push({ text: line.replace(/\s+/g, ' '), page: page.num });
        continue;
      }
      if (current === null) {
        current = line;
        currentPage = page.num;
      } else if (/[A-Za-z]-$/.test(current) && /^[a-z]/.test(line)) {
        current = current.slice(0, -1) + line;
      } else {
        current += ' ' + line;
      }
      if (SENTENCE_END.test(line) && line.length < fullWidth * 0.8) flush();
    }
  }
  flush();
  return paragraphs;
}

export function cleanPages(pages: RawPage[]): Paragraph[] {
  return buildParagraphs(stripPageFurniture(pages));
}
