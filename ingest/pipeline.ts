import { ocrNeedsCheck, type FileType, type OcrReport, type Page, type Passage, type ReviewRecord } from '../model';
import type { Tagger } from '../taxonomy';
import { extractPages } from './extractors';
import { cleanPages } from './clean';
import { assignSections } from './sections';
import { layOut } from './passages';
import { applyManifest, inferMetadata } from './metadata';
import { scanIdentifiers } from './identifiers';
import { extractRecommendations } from './recommendations';
import { reviewIdFor, sha256 } from '../store/store';
import { MIN_LETTERS_PER_PAGE, letterCount, readScannedPages, type OcrOptions } from './ocr';

/** Bumped whenever extraction or cleaning changes what a file yields. */
export const EXTRACTOR_VERSION = '2';

export interface TaggingContext {
  tagger: Tagger;
  taxonomyVersion: string;
}

export interface ProcessOptions extends TaggingContext {
  fileName: string;
  manifest?: Record<string, string>;
  now?: Date;
  ocr?: OcrOptions;
}

export interface ExtractedDocument {
  type: FileType;
  pageCount: number;
  layout: Omit<ReturnType<typeof layOut>, 'pages'> & { pages: Page[] };
  frontText: string;
  textLayerMissing: boolean;
  /** Present when some PDF pages had no usable text layer: what OCR read, or why it could not. */
  ocr?: OcrReport;
}

/** Extraction and cleaning only: what `scr extract` shows and every later stage starts from. */
export async function extractDocument(data: Buffer, options: { ocr?: OcrOptions } = {}): Promise<ExtractedDocument> {
  const extraction = await extractPages(data);
  const { type, footnotes } = extraction;
  const ocr = type === 'pdf' ? await readScannedPages(data, extraction.pages, options.ocr) : undefined;
  const pages = ocr?.pages ?? extraction.pages;
  const letters = pages.reduce((n, p) => n + letterCount(p.text), 0);
  const paragraphs = [
    ...assignSections(cleanPages(pages)),
    ...footnotes.map((f) => ({ text: f.text, page: f.page, section: 'other' as const, footnote: true })),
  ];
  const layout: ExtractedDocument['layout'] = layOut(paragraphs);
  if (ocr?.confidence.size) markOcrText(layout, ocr.confidence);
  return {
    type,
    pageCount: pages.length,
    layout,
    frontText: pages[0]?.text ?? '',
    textLayerMissing: type === 'pdf' && letters < MIN_LETTERS_PER_PAGE * pages.length,
    ...(ocr?.report ? { ocr: ocr.report } : {}),
  };
}

/** Pages read by OCR, and the passages that start on them, say so with the page's confidence. */
function markOcrText(layout: ExtractedDocument['layout'], confidence: Map<number, number | null>): void {
  const mark = <T extends Pick<Page, 'origin' | 'ocrConfidence'>>(item: T, page: number): T => {
    if (!confidence.has(page)) return { ...item, origin: 'text-layer' };
    const c = confidence.get(page);
    return { ...item, origin: 'ocr', ...(c === null || c === undefined ? {} : { ocrConfidence: c }) };
  };
  layout.pages = layout.pages.map((p) => mark(p, p.num));
  layout.passages = layout.passages.map((p) => mark(p, p.page));
}

/** Tag passages and recommendations and aggregate review themes: also the whole of a re-tag. */
export function tagRecord(record: ReviewRecord, { tagger, taxonomyVersion }: TaggingContext): ReviewRecord {
  const passages: Passage[] = record.passages.map((p) => ({ ...p, themes: tagger.tagPassage(p.text, p.section) }));
  return {
    ...record,
    passages,
    themes: tagger.tagReview(passages),
    recommendations: record.recommendations.map((r) => ({
      ...r,
      themes: tagger.tagPassage(r.text, 'recommendations').map((t) => t.id),
    })),
    taxonomyVersion,
  };
}

function summaryOf(passages: Omit<Passage, 'themes'>[]): string {
  const pool = passages.filter((p) => p.section === 'executive-summary');
  const source = pool.length ? pool : passages.filter((p) => p.section !== 'other').slice(0, 3);
  let summary = '';
  for (const p of source) {
    if (summary.length > 400) break;
    summary += (summary ? ' ' : '') + p.text;
  }
  return summary.length > 900 ? summary.slice(0, 900).replace(/\s+\S*$/, '') + '…' : summary;
}

/**
 * The whole pipeline for one file, with no I/O beyond the bytes given (and the OCR programs, for
 * scanned pages): returns the record to store.
 */
export async function processFile(data: Buffer, options: ProcessOptions): Promise<ReviewRecord> {
  const doc = await extractDocument(data, { ocr: options.ocr });
  const sha = sha256(data);
  const now = (options.now ?? new Date()).toISOString();
  const { layout } = doc;
  const metadata = applyManifest(inferMetadata(doc.frontText, layout.text, options.fileName), options.manifest);
  const flags = doc.textLayerMissing ? [] : scanIdentifiers(layout.passages);
  const ocrRead = ocrNeedsCheck(doc.ocr);
  const record: ReviewRecord = {
    id: reviewIdFor(sha),
    status: doc.textLayerMissing || ocrRead || flags.length ? 'quarantined' : 'published',
    // Recognised text goes to an editor before anyone else reads it, whatever the scan found.
    ...(doc.textLayerMissing
      ? { statusReason: 'needs OCR' }
      : ocrRead
        ? { statusReason: 'OCR text to check' }
        : flags.length
          ? { statusReason: 'identifier flags' }
          : {}),
    metadata,
    source: {
      sha256: sha,
      name: options.fileName,
      type: doc.type,
      size: data.length,
      pages: doc.pageCount,
      ...(options.manifest ? { manifest: options.manifest } : {}),
    },
    summary: doc.textLayerMissing ? '' : summaryOf(layout.passages),
    text: doc.textLayerMissing ? '' : layout.text,
    pages: doc.textLayerMissing ? [] : layout.pages,
    sections: doc.textLayerMissing ? [] : layout.sections,
    passages: doc.textLayerMissing ? [] : layout.passages.map((p) => ({ ...p, themes: [] })),
    themes: [],
    recommendations: doc.textLayerMissing ? [] : extractRecommendations(layout.passages).map((r) => ({ ...r, themes: [] })),
    flags,
    ...(doc.ocr ? { ocr: doc.ocr } : {}),
    taxonomyVersion: options.taxonomyVersion,
    extractorVersion: EXTRACTOR_VERSION,
    ingestedAt: now,
    updatedAt: now,
  };
  return tagRecord(record, options);
}
