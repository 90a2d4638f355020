import type { FileType } from '../model';
import { IngestError } from './errors';

/** Letters a page must give on average, after cleaning, for a review to have text worth publishing. */
export const MIN_LETTERS_PER_PAGE = 20;
/** However short the file, fewer letters than this is not a report. */
export const MIN_LETTERS = 100;
/** Below this share of letters among the visible characters the text is markup, codes or a broken font, not prose. */
const MIN_LETTER_SHARE = 0.5;
/**
 * Words like "npVIMeHeHVIe": a font whose glyphs map to the wrong letters gives text in which a
 * good share of words change case mid-word; prose, even with names and acronyms, has a few percent.
 */
const MAX_MIXED_CASE_SHARE = 0.15;
/** Characters that decoding could not map (U+FFFD) or private-use glyphs of a font without a Unicode map. */
const UNREADABLE = /[\uFFFD\p{Co}]/gu;

function count(text: string, re: RegExp): number {
  return text.match(re)?.length ?? 0;
}

const LETTER = /\p{L}/u;

/**
 * Letters in a text (\p{L}, a character outside the BMP counting once), counted without a match
 * per letter: this runs over every page of every file, and most of a report's letters are ASCII.
 */
export function letterCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      const lower = c | 32;
      if (lower >= 97 && lower <= 122) n++;
    } else {
      const point = text.codePointAt(i)!;
      if (point > 0xffff) i++;
      if (LETTER.test(String.fromCodePoint(point))) n++;
    }
  }
  return n;
}

/** Characters that are not white space (\S), a character outside the BMP counting once. */
function visibleCount(text: string): number {
  const visible = text.replace(/\s+/g, '');
  return visible.length - count(visible, /[\uD800-\uDBFF][\uDC00-\uDFFF]/g);
}

/**
 * The gate every review passes before it can be stored: enough letters per page once cleaning
 * has taken out running headers, footers and page numbers, and text that reads as text.
 * Throws an IngestError saying what was found.
 */
export function checkReadable(type: FileType, pages: number, text: string): void {
  const letters = letterCount(text);
  const min = Math.max(MIN_LETTERS, MIN_LETTERS_PER_PAGE * Math.max(pages, 1));
  const where = `${pages} page${pages === 1 ? '' : 's'}`;
  if (letters < min) {
    const removed = type === 'pdf' || type === 'docx' ? ' once running headers, footers and page numbers are removed' : '';
    throw new IngestError(`no readable text: ${letters} letters in ${where}${removed}; a review needs ${min} or more`);
  }
  const visible = visibleCount(text);
  const unreadable = count(text, UNREADABLE);
  if (unreadable / visible > 0.02)
    throw new IngestError(`no readable text: ${Math.round((100 * unreadable) / visible)}% of the characters cannot be read (a font without a character map, or the wrong encoding)`);
  const words = (text.match(/\b[A-Za-z]{3,}\b/g) ?? []);
  const mixed = words.filter((w) => /[a-z][A-Z]/.test(w)).length;
  if (words.length >= 50 && mixed / words.length > MAX_MIXED_CASE_SHARE)
    throw new IngestError(
      `no readable text: the text is garbled (${Math.round((100 * mixed) / words.length)}% of its words change case mid-word), as when a PDF's fonts map characters wrongly; it needs OCR or a better copy`,
    );
  if (letters / visible < MIN_LETTER_SHARE)
    throw new IngestError(`no readable text: only ${Math.round((100 * letters) / visible)}% of the characters are letters; this looks like codes or markup, not a report`);
}
