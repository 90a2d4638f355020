/** OCR for PDF pages without a usable text layer. */
import type { OcrReport } from '../../model';
import type { RawPage } from '../extractors';
import { ocrTools } from './tools';
import { ocrPdfPages, type OcrOptions } from './ocr';
import { letterCount } from '../readable-text';

export { ocrTools, OCR_PACKAGES } from './tools';
export { renderPage, type OcrOptions } from './ocr';

/** Fewer letters than this on a page means it has no usable text layer. */
export const MIN_LETTERS_PER_PAGE = 40;


export interface OcrOutcome {
  pages: RawPage[];
  /** Absent when every page had a text layer. */
  report?: OcrReport;
  /** Confidence of each page whose text now comes from OCR. */
  confidence: Map<number, number | null>;
}

/**
 * Replace the text of every page without a usable text layer by what Tesseract reads on its
 * image. A page where OCR finds no real text keeps its own (a blank or picture-only page); when
 * the tools are missing nothing is read and the report says what to install.
 */
export async function readScannedPages(pdf: Buffer, pages: RawPage[], options: OcrOptions = {}): Promise<OcrOutcome> {
  const confidence = new Map<number, number | null>();
  const scanned = pages.filter((p) => letterCount(p.text) < MIN_LETTERS_PER_PAGE).map((p) => p.num);
  if (!scanned.length) return { pages, confidence };
  const tools = ocrTools();
  if (!tools.available) {
    return { pages, confidence, report: { engine: null, missingTools: tools.missing, pages: [], failed: [], meanConfidence: null } };
  }
  const results = await ocrPdfPages(pdf, scanned, options);
  const read = new Map<number, string>();
  const report: OcrReport = { engine: tools.engine, missingTools: [], pages: [], failed: [], meanConfidence: null };
  let sum = 0;
  let words = 0;
  for (const r of results) {
    const own = pages.find((p) => p.num === r.num)!;
    if (!r.ok) report.failed.push({ num: r.num, error: r.error });
    // Specks and rules read as a few stray letters; only a page of real text replaces the layer.
    else if (letterCount(r.text) >= MIN_LETTERS_PER_PAGE && letterCount(r.text) > letterCount(own.text)) {
      read.set(r.num, r.text);
      confidence.set(r.num, r.confidence);
      report.pages.push({ num: r.num, confidence: r.confidence });
      if (r.confidence !== null) {
        sum += r.confidence * r.words;
        words += r.words;
      }
    }
  }
  report.meanConfidence = words ? Math.round((sum / words) * 10) / 10 : null;
  return { pages: pages.map((p) => (read.has(p.num) ? { ...p, text: read.get(p.num)! } : p)), confidence, report };
}
