/** The review record: the store of record holds one of these per review, as JSON. */

export type FileType = 'pdf' | 'docx' | 'doc' | 'txt';

export const REVIEW_TYPES = [
  'scr',
  'lcspr',
  'national-review',
  'wales-cpr',
  'lessons-learned',
  'learning-review',
  'multi-agency-review',
  'rapid-review',
  'other',
] as const;
export type ReviewType = (typeof REVIEW_TYPES)[number];

/** Whether a file is the full (overview) report, its executive summary, or a shorter summary or briefing. */
export const DOCUMENT_KINDS = ['report', 'executive-summary', 'summary'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

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
export const TEXT_ORIGINS = ['text-layer', 'ocr'] as const;
export type TextOrigin = (typeof TEXT_ORIGINS)[number];

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

/**
 * Who put a review theme where it is: the tagger alone ('machine'), or an editor who confirmed the
 * tagger's theme, added one it missed, or removed one it proposed.
 */
export const THEME_ORIGINS = ['machine', 'confirmed', 'added', 'removed'] as const;
export type ThemeOrigin = (typeof THEME_ORIGINS)[number];
export type EditorThemeOrigin = Exclude<ThemeOrigin, 'machine'>;

/** An editor's decision on one review theme, kept in the record's corrections so that re-tagging and re-extraction apply it again. */
export interface ThemeDecision {
  origin: EditorThemeOrigin;
  by: string;
  at: string;
  /** For an added theme: the passages (ids) the editor chose as its evidence. */
  passages?: string[];
}

/** A theme at review level, aggregated from its passages. */
export interface ReviewTheme {
  id: string;
  score: number;
  /** Ids of the passages that carry the theme, strongest first. */
  passages: string[];
  evidence: string[];
  /** Absent on records stored before editors decided themes, and on themes no editor has decided: 'machine'. */
  origin?: ThemeOrigin;
  /** Whether the tagger, as last run, proposes the theme itself; absent means it does (a machine theme). */
  machine?: boolean;
  /** The editor who decided the theme, and when. */
  decidedBy?: string;
  decidedAt?: string;
}

/** A review theme's origin, for records stored before origins existed too. */
export function themeOrigin(theme: ReviewTheme): ThemeOrigin {
  return theme.origin ?? 'machine';
}

/** Whether an editor has put the theme on the review (confirmed the tagger's, or added it). */
export function editorConfirmed(theme: ReviewTheme): boolean {
  const origin = themeOrigin(theme);
  return origin === 'confirmed' || origin === 'added';
}

/** Whether the tagger, as last run, proposes the theme. */
export function machineProposes(theme: ReviewTheme): boolean {
  return theme.machine ?? themeOrigin(theme) !== 'added';
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

/**
 * Where in the file a flag was found. Everything but 'body' is a part the public never sees in the
 * review's text: headers and footers (cleaned away as furniture), notes, comments, tracked
 * changes, properties and metadata, annotations, form fields, bookmarks, attachments, embedded
 * objects. The public copy of the file is rebuilt without them.
 */
export const FILE_PARTS = [
  'body',
  'header',
  'footer',
  'endnote',
  'comment',
  'tracked-change',
  'properties',
  'custom-xml',
  'embedded-object',
  'text-box',
  'link',
  'annotation',
  'form-field',
  'metadata',
  'bookmark',
  'attachment',
] as const;
export type FilePart = (typeof FILE_PARTS)[number];

export interface IdentifierFlag {
  kind: IdentifierKind;
  text: string;
  page: number;
  /** Offset in ReviewRecord.text for the body; within the part's own text for any other part. */
  offset: number;
  status: 'open' | 'redacted' | 'dismissed';
  /** Absent on flags stored before parts were told apart, which were all in the body. */
  part?: FilePart;
  /** Which one of its kind, where a file has several (e.g. "header2.xml", "Author", "page 3 note"). */
  where?: string;
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
  documentKind?: DocumentKind;
  /** False when the area is a board the partnership list does not know, kept as the report writes it. */
  areaMatched?: boolean;
  /** For each inferred field, the line of the report it was read from. */
  evidence?: Partial<Record<string, string>>;
}

/**
 * What editors have set by hand, kept apart from what extraction produced so that re-extraction and
 * re-tagging apply it again (see applyCorrections).
 */
export interface Corrections {
  metadata?: Partial<Omit<ReviewMetadata, 'inferred' | 'evidence'>>;
  summary?: string;
  /** The recommendations' texts, in order, replacing those extracted. */
  recommendations?: string[];
  /** Editors' decisions on review themes, by theme id. */
  themes?: Record<string, ThemeDecision>;
}

/**
 * How passage page numbers were found: 'exact' from the file's own pages (PDF, text, and Word files
 * that record where Word broke its pages), 'laid-out' from a layout of the Word file by
 * LibreOffice, 'estimated' from the length of the text where neither was possible.
 */
export const PAGE_BASES = ['exact', 'laid-out', 'estimated'] as const;
export type PageBasis = (typeof PAGE_BASES)[number];

export interface SourceFile {
  sha256: string;
  name: string;
  type: FileType;
  size: number;
  pages: number;
  /** Absent on records stored before it existed: read it through pageBasis(). */
  pageBasis?: PageBasis;
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
  /** The review's themes as the public sees them: the tagger's, with editors' decisions laid over. */
  themes: ReviewTheme[];
  /** Themes an editor removed: kept so the tagger cannot bring them back, never public. */
  removedThemes?: ReviewTheme[];
  recommendations: Recommendation[];
  flags: IdentifierFlag[];
  corrections?: Corrections;
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

/** Older records carry no basis: their Word pages were counted from explicit breaks, a guess at best. */
export function pageBasis(source: SourceFile): PageBasis {
  return source.pageBasis ?? (source.type === 'docx' || source.type === 'doc' ? 'estimated' : 'exact');
}

/** Flags stored before parts were told apart were all found in the body. */
export function flagPart(flag: IdentifierFlag): FilePart {
  return flag.part ?? 'body';
}

/** When a published review was added to the public repository; older records fall back to their ingest time. */
export function publishedAt(review: ReviewRecord): string {
  return review.publishedAt ?? review.ingestedAt;
}
