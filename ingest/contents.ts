import type { SectionKind } from '../model';
import type { RawPage } from './extractors';
import { SUBSECTION_LABEL, headingKey, headingKind } from './headings';

/** One line of a report's contents list: the heading it names and the page it gives. */
export interface ContentsEntry {
  /** As printed, with its number ("2. Terms of Reference"). */
  title: string;
  page: number | null;
  kind: SectionKind | null;
  /** A numbered subsection ("2.3 …") rather than a section of the report. */
  sub: boolean;
  /**
   * One of the report's own divisions, as the list sets them apart: numbered "1." or labelled
   * ("Chapter 2", "Section 3") where the list numbers them, in capitals where it capitalises them.
   * A flat list does not say, and its entries are not taken for divisions by their place in it.
   */
  major: boolean;
}

/** "Contents", "CONTENTS", "Table of Contents", "List of Contents", "Index", with or without a "Page" column head. */
const HEADER = /^(?:table of contents|list of contents|contents(?: list| page)?|content|index)(?:\s*[:.])?(?:\s+(?:page|item page|page no\.?))?$/i;
/** The same word run into the first entry ("Contents 1. Introduction ..... 3", "ContentsForeword 4"). */
const HEADER_PREFIX = /^(?:table of contents|list of contents|contents|index)(?=\s+\S|[A-Z])\s*/i;
/** Column heads and furniture that a contents page carries and that name no heading. */
const COLUMN_HEAD = /^(?:page|pages|page no\.?|item\s+page|section\s+subject\s+page(?: no\.?)?:?|title\s+page|paragraph\s+page)$/i;
const PAGE_LINE = /^\s*(?:page\s+\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?|[-–—]?\s*\d{1,4}\s*[-–—]?|p\s*a\s*g\s*e\s+\d+\s*\|\s*\d+)\s*$/i;
const BARE_NUMBER = /^(?:page\s+)?(\d{1,3})(?:\s*[-–]\s*\d{1,3})?$/i;
/** An entry with dot leaders, a tab or a wide gap before its page number. */
const LEADERED = /^(\S.*?)(?:\s*\.{2,}\s*|\s*…+\s*|\t+|\s{3,})(?:page\s+)?(\d{1,3}|[ivxlc]{1,6})(?:\s*[-–]\s*\d{1,3})?\s*$/i;
/** An entry followed by a page number after a single space ("1. Introduction to the review Page 3", "Introduction 4"). */
const TRAILING = /^(\S.*?[A-Za-z].*?[A-Za-z0-9)’'?])\s+(?:page\s+)?(\d{1,3})(?:\s*[-–]\s*\d{1,3})?$/i;
/** Where one printed line holds several entries ("… Page 3 2. About the author Page 3"). */
const RUN_ON = /(?<=(?:page\s+|\s)\d{1,3})\s+(?=(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\.|chapter\s+\d+|section\s+\w+|appendix\s+\w+)\s+[A-Z])/gi;
/**
 * Contents lists are near the front: past this page, or this many lines where a Word file is not
 * yet paged, an "Index" is the report's own index.
 */
const FRONT_PAGES = 6;
const FRONT_LINES = 150;
const MIN_ENTRIES = 2;

/**
 * What an entry's line ends in, as LEADERED and TRAILING read it: a page number in digits or in
 * roman numerals. Tested first because most lines end otherwise, and both expressions backtrack
 * over the whole of a long line before they fail.
 */
const ENDS_IN_PAGE = /[0-9ivxlc]$/i;

function entryOf(line: string): { title: string; page: number | null } | null {
  const t = line.replace(/\s+$/, '');
  if (!ENDS_IN_PAGE.test(t)) return null;
  const m = t.match(LEADERED) ?? t.match(TRAILING);
  if (m) return { title: m[1].replace(/[\s.…]+$/, '').trim(), page: /^\d+$/.test(m[2]) ? Number(m[2]) : null };
  return null;
}

/** A line of running prose: the contents list has ended. */
function isProse(line: string): boolean {
  const t = line.trim();
  if (entryOf(t)) return false;
  const words = t.split(/\s+/).length;
  return (words >= 9 && /[a-z]{3,}/.test(t) && /[.;:,]$|[a-z]$/.test(t) && t.length > 70) || (/[.!?]$/.test(t) && words >= 7);
}

/** A line shaped like an entry without a page number: short, starting with a number or a capital. */
function isBareEntry(line: string): boolean {
  const t = line.trim();
  const words = t.split(/\s+/).length;
  // A full stop may close a short entry ("Eating disorders in adolescence."), not a sentence.
  return t.length <= 110 && /^(?:[\d(]|[A-Z]|[-–•]\s*[A-Z])/.test(t) && !/[;,]$/.test(t) && !(/\.$/.test(t) && words > 8) && words <= 16;
}


interface Block {
  page: number;
  start: number;
  /** Index of the first line after the block on the page where it ends. */
  endPage: number;
  end: number;
  entries: ContentsEntry[];
}

/**
 * Read the contents list from the front pages: the lines under a contents header (or a run of
 * entries with dot leaders), up to the end of its page or the first line of running prose. Entries
 * keep their page numbers, whether printed after the entry or in a column of their own.
 */
function findBlock(pages: string[][], nums: number[]): Block | null {
  const front = Math.min(pages.length, FRONT_PAGES);
  let before = 0;
  for (let pi = 0; pi < front; pi++) {
    const lines = pages[pi];
    for (let li = 0; li < lines.length; li++) {
      const t = lines[li].trim();
      if (t && ++before > FRONT_LINES) return null;
      const header = HEADER.test(t);
      const prefixed = !header && HEADER_PREFIX.test(t) && !!(entryOf(t.replace(HEADER_PREFIX, '')) || isBareEntry(t.replace(HEADER_PREFIX, '')));
      const leadersHere = !header && !prefixed && [0, 1, 2].every((k) => /\.{3,}|…|\t/.test(lines[li + k] ?? '') && LEADERED.test(lines[li + k]?.trim() ?? ''));
      if (!header && !prefixed && !leadersHere) continue;
      const block = readBlock(pages, nums, pi, li, header ? t.length : prefixed ? (t.match(HEADER_PREFIX)?.[0].length ?? 0) : 0);
      if (block && block.entries.length >= MIN_ENTRIES) return block;
    }
  }
  return null;
}

function readBlock(pages: string[][], nums: number[], pi: number, li: number, headerLength: number): Block | null {
  const entries: ContentsEntry[] = [];
  const pendingPages: number[] = [];
  /** Lines taken into the block, as [page index, line index]; the block ends after the last. */
  const taken: [number, number][] = [[pi, li]];
  // Entries with no page after numbered ones, or repeating an earlier one, may be the body's first headings.
  let trailingBare = 0;
  const add = (title: string, p: number | null) => {
    const t = title.replace(/^[-–•]\s*|^page\s+(?=\d)/i, '').trim();
    const entry: ContentsEntry = { title: t, page: p, kind: headingKind(t), sub: SUBSECTION_LABEL.test(t), major: false };
    if (entry.page === null && pendingPages.length) entry.page = pendingPages.shift()!;
    entries.push(entry);
  };
  /** Take one line; false when the list has ended before it. */
  const take = (t: string, entry = false): boolean => {
    if (entry) {
      add(t, null);
      trailingBare = 0;
      return true;
    }
    if (!t || (PAGE_LINE.test(t) && !BARE_NUMBER.test(t)) || COLUMN_HEAD.test(t)) return true;
    const bare = t.match(BARE_NUMBER);
    if (bare) {
      // A page number on its own line belongs to the entry before it or, in a column of numbers
      // after a column of entries, to the first of the entries still without one.
      let open = entries.length;
      while (open > 0 && entries[open - 1].page === null) open--;
      if (open < entries.length) entries[open].page = Number(bare[1]);
      else pendingPages.push(Number(bare[1]));
      trailingBare = 0;
      return true;
    }
    if (isProse(t)) return false;
    const pieces = t.split(RUN_ON);
    const parsed = pieces.map((p) => entryOf(p));
    if (parsed.every((p) => p)) {
      for (const p of parsed) add(p!.title, p!.page);
      trailingBare = 0;
      return true;
    }
    if (pieces.length > 1 || !isBareEntry(t)) return false;
    const repeated = entries.some((e) => headingKey(e.title) === headingKey(t));
    add(t, null);
    if (repeated || trailingBare || entries.some((e) => e.page !== null)) trailingBare++;
    return true;
  };

  const rest = pages[pi][li].trim().slice(headerLength).trim();
  if (rest && !take(rest)) return null;
  let page = pi;
  let line = li + 1;
  for (;;) {
    if (line >= pages[page].length) {
      // Onto the next page only if it opens with more entries.
      const next = pages[page + 1];
      if (!next || page + 1 > FRONT_PAGES) break;
      const opening = next.map((l) => l.trim()).filter((l) => l && !PAGE_LINE.test(l)).slice(0, 3);
      if (!opening.length || !opening.every((l) => entryOf(l) || isBareEntry(l)) || !opening.some((l) => entryOf(l))) break;
      page++;
      line = 0;
      continue;
    }
    const t = pages[page][line].trim();
    const next = pages[page][line + 1]?.trim() ?? '';
    // A long entry wrapped onto a second line that carries its page number.
    if (isProse(t) && !/[.!?]$/.test(t) && entryOf(next) && next.length < 80 && take(`${t} ${next}`)) {
      taken.push([page, line], [page, line + 1]);
      line += 2;
      continue;
    }
    // A line followed by its page number on a line of its own is an entry, however it reads.
    if (!take(t, t.length <= 120 && !BARE_NUMBER.test(t) && BARE_NUMBER.test(next) && entries.length > 0)) break;
    taken.push([page, line]);
    line++;
  }
  // Give back the body's first headings, taken for entries because nothing set them apart.
  if (trailingBare && entries.length - trailingBare >= MIN_ENTRIES) {
    entries.splice(entries.length - trailingBare);
    let give = trailingBare;
    while (give > 0 && taken.length > 1) {
      const [p, l] = taken.pop()!;
      const t = pages[p][l].trim();
      if (t && !COLUMN_HEAD.test(t) && !PAGE_LINE.test(t)) give--;
    }
  }
  markMajor(entries);
  const [lastPage, lastLine] = taken[taken.length - 1];
  return { page: nums[pi], start: li, endPage: nums[lastPage], end: lastLine + 1, entries };
}

const MAJOR_LABEL = /^(?:\d{1,2}\.?\s|(?:section|chapter|part)\s+\w+)/i;
const capitals = (t: string) => /[A-Z]{3}/.test(t) && t === t.toUpperCase();

function markMajor(entries: ContentsEntry[]): void {
  const numbered = entries.some((e) => MAJOR_LABEL.test(e.title));
  const capitalised = !numbered && entries.some((e) => capitals(e.title)) && entries.some((e) => !capitals(e.title));
  for (const e of entries) e.major = numbered ? MAJOR_LABEL.test(e.title) && !e.sub : capitalised && capitals(e.title);
}

/** The title of a line laid out as a contents entry ("Introduction ..... 3"), else null. */
export function leaderedEntryTitle(line: string): string | null {
  return LEADERED.exec(line.trim())?.[1] ?? null;
}

/**
 * The contents list, read as a map of the report, the pages with its lines taken out (the list
 * itself never stays in the text), and the text before it. Taking it out before furniture is looked for also keeps
 * a heading that the list repeats from being taken for a running header.
 */
export function readContents(pages: RawPage[]): { pages: RawPage[]; entries: ContentsEntry[]; front: string } {
  const split = pages.map((p) => p.text.replace(/\r\n?/g, '\n').split('\n'));
  const nums = pages.map((p) => p.num);
  const block = findBlock(split, nums);
  const drop = (pageIndex: number, line: number): boolean => {
    if (!block) return false;
    const num = nums[pageIndex];
    const afterStart = num > block.page || (num === block.page && line >= block.start);
    const beforeEnd = num < block.endPage || (num === block.endPage && line < block.end);
    return afterStart && beforeEnd && !(PAGE_LINE.test(split[pageIndex][line]) && !BARE_NUMBER.test(split[pageIndex][line].trim()));
  };
  const out = pages.map((p, pi) => ({
    ...p,
    text: split[pi]
      // Dot-leader lines are contents lines wherever they are (a second list, a list of appendices).
      .filter((l, li) => !drop(pi, li) && !(/\.{4,}\s*\d{1,3}\s*$|…{2,}\s*\d{1,3}\s*$/.test(l) && LEADERED.test(l.trim())) && headingKind(l) !== 'contents')
      .join('\n'),
  }));
  // What comes before the list is the title page and its like: no heading of the body is there.
  const front = block
    ? split
        .flatMap((lines, pi) => (nums[pi] < block.page ? lines : nums[pi] === block.page ? lines.slice(0, block.start) : []))
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim()
    : '';
  return { pages: out, entries: block?.entries ?? [], front };
}
