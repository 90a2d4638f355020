import { ocrNeedsCheck, type FileType, type OcrReport, type Page, type PageBasis, type ReviewRecord } from '../model';
import type { HiddenText } from './extractors/extractor';
import { extractPages } from './extractors';
import { cleanPages } from './clean';
import { readContents, type ContentsEntry } from './contents';
import { assignSections } from './sections';
import { layOut } from './passages';
import { applyManifest, inferMetadata } from './metadata';
import { scanIdentifiers } from './identifiers';
import { scanHiddenParts } from './hidden-identifiers';
import { extractRecommendations } from './recommendations';
import { summaryOf } from './summary';
import { reviewIdFor, sha256 } from '../store/store';
import { tagRecord, type TaggingContext } from './tag-record';
import { checkReadable, letterCount } from './readable-text';
import { MIN_LETTERS_PER_PAGE, readScannedPages, type OcrOptions } from './ocr';

/** Bumped whenever extraction or cleaning changes what a file yields. */
export const EXTRACTOR_VERSION = '3';

export interface PrepareOptions {
  fileName: string;
  manifest?: Record<string, string>;
  now?: Date;
  ocr?: OcrOptions;
}

export interface ProcessOptions extends PrepareOptions, TaggingContext {}

export interface ExtractedDocument {
  type: FileType;
  pageCount: number;
  pageBasis: PageBasis;
  /** Text outside the body (headers, comments, properties, annotations...), kept only to be scanned. */
  hidden: HiddenText[];
  layout: Omit<ReturnType<typeof layOut>, 'pages'> & { pages: Page[] };
  /** The report's contents list as read: the map its sections were found by. */
  contents: ContentsEntry[];
  frontText: string;
  textLayerMissing: boolean;
  /** Present when some PDF pages had no usable text layer: what OCR read, or why it could not. */
  ocr?: OcrReport;
}

/** Extraction and cleaning only: what `scr extract` shows and every later stage starts from. */
export async function extractDocument(data: Buffer, options: { ocr?: OcrOptions } = {}): Promise<ExtractedDocument> {
  const extraction = await extractPages(data);
  const { type, footnotes, pageBasis, hidden } = extraction;
  const ocr = type === 'pdf' ? await readScannedPages(data, extraction.pages, options.ocr) : undefined;
  const raw = ocr?.pages ?? extraction.pages;
  const { pages, entries, front } = readContents(raw);
  const letters = raw.reduce((n, p) => n + letterCount(p.text), 0);
  const paragraphs = [
    ...assignSections(cleanPages(pages, entries.map((e) => e.title)), entries, front),
    ...footnotes.map((f) => ({ text: f.text, page: f.page, section: 'other' as const, footnote: true })),
  ];
  const layout: ExtractedDocument['layout'] = layOut(paragraphs);
  if (ocr?.confidence.size) markOcrText(layout, ocr.confidence);
  const textLayerMissing = type === 'pdf' && letters < MIN_LETTERS_PER_PAGE * pages.length;
  if (!textLayerMissing) checkReadable(type, pages.length, layout.text);
  return {
    type,
    pageCount: pages.length,
    pageBasis: pageBasis ?? 'exact',
    hidden: hidden ?? [],
    layout,
    contents: entries,
    frontText: raw[0]?.text ?? '',
    textLayerMissing,
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

/** The whole pipeline for one file, with no I/O beyond the bytes given: returns the record to store. */
export async function processFile(data: Buffer, options: ProcessOptions): Promise<ReviewRecord> {
  return tagRecord(await prepareRecord(data, options), options);
}

/** Everything but tagging (the part that runs in an extraction worker): the record with no themes yet. */
export async function prepareRecord(data: Buffer, options: PrepareOptions): Promise<ReviewRecord> {
  const doc = await extractDocument(data, { ocr: options.ocr });
  const sha = sha256(data);
  const now = (options.now ?? new Date()).toISOString();
  const { layout } = doc;
  const metadata = applyManifest(inferMetadata(doc.frontText, layout.text, options.fileName), options.manifest);
  const { summary, source } = doc.textLayerMissing ? { summary: '', source: null } : summaryOf(layout.passages);
  // The summary is chosen from the text, like the fields inferred from it; its evidence is the section it was drawn from.
  if (summary) {
    metadata.inferred.push('summary');
    const section = layout.sections.find((s) => s.kind === source);
    metadata.evidence = { ...metadata.evidence, summary: section ? `${section.title} (page ${section.page})` : (source ?? '') };
  }
  const flags = [
    ...(doc.textLayerMissing ? [] : scanIdentifiers(layout.passages).map((f) => ({ ...f, part: 'body' as const }))),
    ...scanHiddenParts(doc.hidden),
  ];
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
      pageBasis: doc.pageBasis,
      ...(options.manifest ? { manifest: options.manifest } : {}),
    },
    summary,
    text: doc.textLayerMissing ? '' : layout.text,
    pages: doc.textLayerMissing ? [] : layout.pages,
    sections: doc.textLayerMissing ? [] : layout.sections,
    passages: doc.textLayerMissing ? [] : layout.passages.map((p) => ({ ...p, themes: [] })),
    themes: [],
    recommendations: doc.textLayerMissing ? [] : extractRecommendations(layout.passages).map((r) => ({ ...r, themes: [] })),
    flags,
    ...(doc.ocr ? { ocr: doc.ocr } : {}),
    taxonomyVersion: '',
    extractorVersion: EXTRACTOR_VERSION,
    ingestedAt: now,
    updatedAt: now,
  };
  return record;
}
