/** Human-readable labels for coded values, shared by the portal and the documents the server writes. */
import type { AgeBand, DocumentKind, Outcome, PageBasis, ReviewStatus, ReviewType } from './review';

/** The service's name, as pages, feeds and documents give it. */
export const SERVICE_NAME = 'Case Review Repository';

export const REVIEW_TYPE_LABELS: Record<ReviewType, string> = {
  scr: 'Serious case review',
  lcspr: 'Local child safeguarding practice review',
  'national-review': 'National review (Child Safeguarding Practice Review Panel)',
  'wales-cpr': 'Child practice review (Wales)',
  'lessons-learned': 'Lessons learned review',
  'learning-review': 'Learning review',
  'multi-agency-review': 'Multi-agency case review',
  'rapid-review': 'Rapid review',
  other: 'Other review',
};

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  report: 'Full report',
  'executive-summary': 'Executive summary',
  summary: 'Summary or briefing',
};

/** A page reference as a reader should take it: "about page N" where the page was estimated. */
export function pageLabel(page: number, basis: PageBasis | undefined): string {
  return `${basis === 'estimated' ? 'about page' : 'page'} ${page}`;
}

export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  'under-1': 'Under 1',
  '1-4': '1 to 4',
  '5-10': '5 to 10',
  '11-15': '11 to 15',
  '16-17': '16 to 17',
  unknown: 'Age not stated',
};

export const OUTCOME_LABELS: Record<Outcome, string> = {
  died: 'Child died',
  'serious-harm': 'Serious harm',
  unknown: 'Not stated',
};

export const REVIEW_STATUS_LABELS: Record<ReviewStatus, string> = {
  quarantined: 'Waiting for review',
  published: 'Published',
  withdrawn: 'Withdrawn',
};

/** What an audit log entry records, in an editor's words; an action not listed shows as logged. */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  ingest: 'Ingested',
  'ingest-failed': 'Ingest failed',
  publish: 'Published',
  withdraw: 'Withdrawn',
  'edit-metadata': 'Metadata corrected',
  'edit-content': 'Summary or recommendations corrected',
  'redact-flag': 'Flagged identifier redacted',
  'dismiss-flag': 'Flag dismissed',
  'redact-phrase': 'Phrase redacted',
  'check-ocr': 'OCR text checked',
  reextract: 'File read again',
  retag: 'Themes tagged again',
  'confirm-theme': 'Theme confirmed',
  'remove-theme': 'Theme removed',
  'add-theme': 'Theme added',
};
