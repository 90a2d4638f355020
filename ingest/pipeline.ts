import type { FileType, Passage, ReviewRecord } from '../model';
import type { Tagger } from '../taxonomy';
import { extractPages } from './extractors';
import { cleanPages } from './clean';
import { assignSections } from './sections';
import { layOut } from './passages';
import { applyManifest, inferMetadata } from './metadata';
import { scanIdentifiers } from './identifiers';
import { extractRecommendations } from './recommendations';
import { reviewIdFor, sha256 } from '../store/store';
import { checkReadable } from './readable-text';

/** Bumped whenever extraction or cleaning changes what a file yields. */
export const EXTRACTOR_VERSION = '2';

/** Fewer letters than this per page means the PDF has no usable text layer. */
const MIN_LETTERS_PER_PAGE = 40;

export interface TaggingContext {
  tagger: Tagger;
  taxonomyVersion: string;
}

export interface PrepareOptions {
  fileName: string;
  manifest?: Record<string, string>;
  now?: Date;
}

export interface ProcessOptions extends PrepareOptions, TaggingContext {}

export interface ExtractedDocument {
  type: FileType;
  pageCount: number;
  layout: ReturnType<typeof layOut>;
  frontText: string;
  textLayerMissing: boolean;
}

/** Extraction and cleaning only: what `scr extract` shows and every later stage starts from. */
export async function extractDocument(data: Buffer): Promise<ExtractedDocument> {
  const { type, pages, footnotes } = await extractPages(data);
  const letters = pages.reduce((n, p) => n + (p.text.match(/\p{L}/gu) ?? []).length, 0);
  const paragraphs = [
    ...assignSections(cleanPages(pages)),
    ...footnotes.map((f) => ({ text: f.text, page: f.page, section: 'other' as const, footnote: true })),
  ];
  const layout = layOut(paragraphs);
  const textLayerMissing = type === 'pdf' && letters < MIN_LETTERS_PER_PAGE * pages.length;
  if (!textLayerMissing) checkReadable(type, pages.length, layout.text);
  return { type, pageCount: pages.length, layout, frontText: pages[0]?.text ?? '', textLayerMissing };
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

/** The whole pipeline for one file, with no I/O beyond the bytes given: returns the record to store. */
export async function processFile(data: Buffer, options: ProcessOptions): Promise<ReviewRecord> {
  return tagRecord(await prepareRecord(data, options), options);
}

/** Everything but tagging (the part that runs in an extraction worker): the record with no themes yet. */
export async function prepareRecord(data: Buffer, options: PrepareOptions): Promise<ReviewRecord> {
  const doc = await extractDocument(data);
  const sha = sha256(data);
  const now = (options.now ?? new Date()).toISOString();
  const { layout } = doc;
  const metadata = applyManifest(inferMetadata(doc.frontText, layout.text, options.fileName), options.manifest);
  const flags = doc.textLayerMissing ? [] : scanIdentifiers(layout.passages);
  const record: ReviewRecord = {
    id: reviewIdFor(sha),
    status: doc.textLayerMissing || flags.length ? 'quarantined' : 'published',
    ...(doc.textLayerMissing ? { statusReason: 'needs OCR' } : flags.length ? { statusReason: 'identifier flags' } : {}),
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
    taxonomyVersion: '',
    extractorVersion: EXTRACTOR_VERSION,
    ingestedAt: now,
    updatedAt: now,
  };
  return record;
}
