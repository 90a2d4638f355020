/**
 * The whole text of a published review, page by page, as the public may read it: built from the
 * record's checked text (redactions already replaced by the mark), never from the file.
 */
import { ocrNeedsCheck, pageBasis, pageLabel, type Page, type ReviewRecord, type TextOrigin } from '../model';
import { REDACTION_MARK, phrasePattern } from './editorial/redact';

export interface TextPage {
  num: number;
  /** "page N", or "about page N" where the pages were estimated from the text's length. */
  label: string;
  /** Empty where nothing of the page is kept (a contents list, a page of furniture or pictures). */
  text: string;
  origin: TextOrigin;
  ocrConfidence: number | null;
}

/**
 * Why the full text may not be given out, or null when it may. Publication already needs every flag
 * resolved and OCR checked, but re-reading a published review's file can raise new flags or new OCR
 * pages while it stays published: until an editor has dealt with them its full text is held back.
 */
export function fullTextWithheld(record: ReviewRecord): string | null {
  if (record.flags.some((f) => f.status === 'open')) return 'identifying details found in it are still to be checked by an editor';
  if (ocrNeedsCheck(record.ocr)) return 'the text read from its page images is still to be checked by an editor';
  if (!record.text.trim()) return 'no text was read from it';
  return null;
}

/**
 * Every page of the original report, in order, including those of which nothing is kept, so that a
 * page reference finds its page. Each redacted phrase is replaced once more here, so that no record
 * whose text was somehow left with one (an older store, a hand edit) ever shows it.
 */
export function textPages(record: ReviewRecord): TextPage[] {
  const patterns = record.flags.filter((f) => f.status === 'redacted').map((f) => phrasePattern(f.text));
  const redact = (s: string) => patterns.reduce((t, p) => t.replace(p, REDACTION_MARK), s);
  const basis = pageBasis(record.source);
  const pages: Page[] = record.pages.length ? record.pages : [{ num: 1, start: 0, end: record.text.length }];
  const count = Math.max(record.source.pages, ...pages.map((p) => p.num));
  return Array.from({ length: count }, (_, i) => {
    const num = i + 1;
    const own = pages.filter((p) => p.num === num);
    return {
      num,
      label: pageLabel(num, basis),
      text: redact(own.map((p) => record.text.slice(p.start, p.end).trim()).join('\n\n')),
      origin: own.some((p) => p.origin === 'ocr') ? 'ocr' : 'text-layer',
      ocrConfidence: own.find((p) => p.ocrConfidence !== undefined)?.ocrConfidence ?? null,
    };
  });
}
