/** The review record: the store of record holds one of these per review, as JSON. */

export type FileType = 'pdf' | 'docx' | 'doc' | 'txt';

export const REVIEW_TYPES = ['scr', 'lcspr', 'wales-cpr', 'lessons-learned', 'other'] as const;
export type ReviewType = (typeof REVIEW_TYPES)[number];

export const NATIONS = ['England', 'Wales', 'Scotland', 'Northern Ireland'] as const;
export type Nation = (typeof NATIONS)[number];

export const AGE_BANDS = ['under-1', '1-4', '5-10', '11-15', '16-17', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const OUTCOMES = ['died', 'serious-harm', 'unknown'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type ReviewStatus = 'published' | 'quarantined' | 'withdrawn';

export type SectionKind =
  | 'contents'
  | 'executive-summary'
  | 'introduction'
  | 'terms-of-reference'
  | 'methodology'
  | 'family-background'
  | 'chronology'
  | 'analysis'
  | 'recommendations'
  | 'response'
  | 'appendix'
  | 'other';

/** A theme asserted on a piece of text, with the sentences that triggered it. */
export interface ThemeTag {
  id: string;
  score: number;
  evidence: string[];
}

/** Where a page's text came from: the file's own text layer, or OCR of the page image. */
export type TextOrigin = 'text-layer' | 'ocr';

export interface Page {
  num: number;
  /** Offsets of the page's cleaned text within ReviewRecord.text. */
  start: number;
  end: number;
  /** Absent on records stored before OCR existed: their text all came from the text layer. */
  origin?: TextOrigin;
  /** Tesseract's mean word confidence for the page, 0-100, on OCR pages. */
  ocrConfidence?: number;
}

export interface Section {
  kind: SectionKind;
  title: string;
  start: number;
  end: number;
  page: number;
}

/** A paragraph-sized unit: the unit of tagging and of evidence. */
export interface Passage {
  id: string;
  text: string;
  section: SectionKind;
  page: number;
  /** Offset of the passage within ReviewRecord.text. */
  offset: number;
  /** As its first page's: tags on an OCR passage rest on recognised text. */
  origin?: TextOrigin;
  ocrConfidence?: number;
  themes: ThemeTag[];
}

/** A theme at review level, aggregated from its passages. */
export interface ReviewTheme {
  id: string;
  score: number;
  /** Ids of the passages that carry the theme, strongest first. */
  passages: string[];
  evidence: string[];
}

export interface Recommendation {
  id: string;
  text: string;
  page: number;
  themes: string[];
}

export type IdentifierKind =
  | 'name'
  | 'date-of-birth'
  | 'address'
  | 'postcode'
  | 'phone'
  | 'nhs-number'
  | 'email'
  | 'school'
  | 'gp-practice';

export interface IdentifierFlag {
  kind: IdentifierKind;
  text: string;
  page: number;
  offset: number;
  status: 'open' | 'redacted' | 'dismissed';
}

export interface ReviewMetadata {
  title: string;
  area: string | null;
  nation: Nation | null;
  region: string | null;
  year: number | null;
  reviewType: ReviewType;
  ageBand: AgeBand;
  gender: 'female' | 'male' | null;
  outcome: Outcome;
  abuseTypes: string[];
  agencies: string[];
  /** Names of the fields above that were inferred from the text rather than given by a manifest. */
  inferred: string[];
}

export interface SourceFile {
  sha256: string;
  name: string;
  type: FileType;
  size: number;
  pages: number;
  /** The manifest row the file was ingested with, verbatim. */
  manifest?: Record<string, string>;
}

/** What OCR did for a review, or why it could not run. */
export interface OcrReport {
  /** What read the text, e.g. "tesseract 5.3.0"; null when OCR could not run. */
  engine: string | null;
  /** Debian packages to install before OCR can run; empty when it ran. */
  missingTools: string[];
  /** Pages read by OCR, with Tesseract's mean word confidence (0-100). */
  pages: { num: number; confidence: number | null }[];
  /** Pages OCR could not read (timed out or failed), with why. */
  failed: { num: number; error: string }[];
  /** Mean confidence over the words of every OCR page. */
  meanConfidence: number | null;
  /** Set when an editor has checked the recognised text against the page images. */
  checked?: { by: string; at: string };
}

/** Whether an editor still has to check what OCR read, or the pages it could not read. */
export function ocrNeedsCheck(ocr: OcrReport | undefined): boolean {
  return !!ocr && !ocr.checked && (ocr.pages.length > 0 || ocr.failed.length > 0 || ocr.missingTools.length > 0);
}

export interface ReviewRecord {
  id: string;
  status: ReviewStatus;
  /** Why a review is not published (e.g. "needs OCR", "OCR text to check", "identifier flags"). */
  statusReason?: string;
  metadata: ReviewMetadata;
  source: SourceFile;
  summary: string;
  text: string;
  pages: Page[];
  sections: Section[];
  passages: Passage[];
  themes: ReviewTheme[];
  recommendations: Recommendation[];
  flags: IdentifierFlag[];
  /** Present when some pages had no usable text layer. */
  ocr?: OcrReport;
  taxonomyVersion: string;
  extractorVersion: string;
  ingestedAt: string;
  /**
   * When the review last became public in this repository: set on publication (at ingest or by an
   * editor), kept through re-tagging and withdrawal. Absent on reviews never published, and on
   * records stored before the field existed: read it through publishedAt().
   */
  publishedAt?: string;
  updatedAt: string;
}

/** When a published review was added to the public repository; older records fall back to their ingest time. */
export function publishedAt(review: ReviewRecord): string {
  return review.publishedAt ?? review.ingestedAt;
}
