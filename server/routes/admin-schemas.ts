/** Schemas and wire shapes of the editor API (snake_case on the wire, like the public API). */
import Type from 'typebox';
import {
  AGE_BANDS,
  DOCUMENT_KINDS,
  FILE_PARTS,
  NATIONS,
  OUTCOMES,
  REVIEW_TYPES,
  THEME_ORIGINS,
  flagPart,
  machineProposes,
  ocrNeedsCheck,
  themeOrigin,
  type IdentifierKind,
  type Passage,
  type ReviewMetadata,
  type ReviewRecord,
} from '../../model';
import { publishability, type MetadataPatch } from '../../core/editorial/editorial';
import { REDACTION_MARK, fileWithheld } from '../../core/editorial/redact';
import { METADATA_COLUMNS } from '../../ingest/metadata';
import { pageBasisSchema } from '../schemas';

export const IDENTIFIER_KINDS: IdentifierKind[] = ['name', 'date-of-birth', 'address', 'postcode', 'phone', 'nhs-number', 'email', 'school', 'gp-practice'];

export const reviewIdParams = {
  type: 'object',
  properties: { id: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' } },
  required: ['id'],
} as const;

const nullable = <T extends Type.TSchema>(t: T) => Type.Union([t, Type.Null()]);
const list = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 });

/** Editable metadata; every field optional, nothing else accepted. The schema is the type. */
export const metadataPatchSchema = Type.Partial(
  Type.Object({
    title: Type.String({ minLength: 1, maxLength: 300 }),
    area: nullable(Type.String({ maxLength: 200 })),
    nation: nullable(Type.Enum(NATIONS)),
    region: nullable(Type.String({ maxLength: 100 })),
    year: nullable(Type.Integer({ minimum: 1900, maximum: 2100 })),
    review_type: Type.Enum(REVIEW_TYPES),
    document_kind: Type.Enum(DOCUMENT_KINDS),
    age_band: Type.Enum(AGE_BANDS),
    gender: nullable(Type.Enum(['female', 'male'])),
    outcome: Type.Enum(OUTCOMES),
    abuse_types: list,
    agencies: list,
  }),
  { additionalProperties: false, minProperties: 1 },
);
export type MetadataBody = Type.Static<typeof metadataPatchSchema>;

const WIRE_TO_FIELD: Record<keyof MetadataBody, keyof MetadataPatch> = {
  ...METADATA_COLUMNS,
  abuse_types: 'abuseTypes',
  agencies: 'agencies',
};

export function toMetadataPatch(body: MetadataBody): MetadataPatch {
  const patch: Record<string, unknown> = {};
  for (const [wire, field] of Object.entries(WIRE_TO_FIELD)) {
    const value = body[wire as keyof MetadataBody];
    if (value !== undefined) patch[field] = typeof value === 'string' ? value.trim() : value;
  }
  return patch as MetadataPatch;
}

const wireName = (field: string) => Object.entries(WIRE_TO_FIELD).find(([, f]) => f === field)?.[0] ?? field;

export function metadataView(m: ReviewMetadata) {
  return {
    title: m.title,
    area: m.area,
    nation: m.nation,
    region: m.region,
    year: m.year,
    review_type: m.reviewType,
    age_band: m.ageBand,
    gender: m.gender,
    outcome: m.outcome,
    abuse_types: m.abuseTypes,
    agencies: m.agencies,
    document_kind: m.documentKind ?? 'report',
    area_matched: m.areaMatched ?? null,
    inferred: m.inferred.map(wireName),
    evidence: Object.fromEntries(Object.entries(m.evidence ?? {}).map(([f, line]) => [wireName(f), line])),
  };
}

/** Corrections to the summary and recommendations (the title is corrected with the metadata). */
export const contentPatchSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    summary: { type: 'string', maxLength: 5000 },
    recommendations: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 3000, pattern: '\\S' }, maxItems: 200 },
  },
} as const;

export function reviewSummaryView(r: ReviewRecord) {
  return {
    id: r.id,
    title: r.metadata.title,
    status: r.status,
    status_reason: r.statusReason ?? null,
    year: r.metadata.year,
    area: r.metadata.area,
    file: r.source.name,
    open_flags: r.flags.filter((f) => f.status === 'open').length,
    flags: r.flags.length,
    updated_at: r.updatedAt,
  };
}

const CONTEXT_CHARS = 160;
/** Enough passages to judge a theme by, not the hundred a long report may carry. */
const EVIDENCE_PASSAGES = 5;

/** What an editor needs to judge a review: everything, with each flag placed in its page's text. */
export function editorReviewView(r: ReviewRecord) {
  const flaggedPages = new Set(r.flags.filter((f) => flagPart(f) === 'body').map((f) => f.page));
  const pageOf = (num: number) => r.pages.find((p) => p.num === num);
  return {
    ...reviewSummaryView(r),
    metadata: metadataView(r.metadata),
    source: r.source,
    summary: r.summary,
    recommendations: r.recommendations.map((rec) => ({ id: rec.id, text: rec.text, page: rec.page })),
    /** What editors have corrected by hand (wire names), kept through re-extraction and re-tagging. */
    corrected: [...Object.keys(r.corrections?.metadata ?? {}).map(wireName), ...(['summary', 'recommendations'] as const).filter((k) => r.corrections?.[k] !== undefined)],
    extractor_version: r.extractorVersion,
    themes: r.themes.map((t) => t.id),
    theme_decisions: themeDecisionsView(r),
    ingested_at: r.ingestedAt,
    file_withheld: fileWithheld(r),
    flags: r.flags.map((f, index) => {
      const part = flagPart(f);
      const located = { index, kind: f.kind, text: f.text, page: f.page, status: f.status, part, where: f.where ?? null };
      // A flag outside the body points into a part the record does not keep: it is shown as found.
      if (part !== 'body') return { ...located, page_offset: null, length: f.text.length, context: { before: '', match: f.text, after: '' } };
      const length = f.status === 'redacted' ? REDACTION_MARK.length : f.text.length;
      const page = pageOf(f.page);
      return {
        ...located,
        page_offset: page ? f.offset - page.start : null,
        length,
        context: {
          before: r.text.slice(Math.max(0, f.offset - CONTEXT_CHARS), f.offset),
          match: r.text.slice(f.offset, f.offset + length),
          after: r.text.slice(f.offset + length, f.offset + length + CONTEXT_CHARS),
        },
      };
    }),
    pages: r.pages.filter((p) => flaggedPages.has(p.num)).map((p) => ({ num: p.num, text: r.text.slice(p.start, p.end) })),
    has_text: r.text.length > 0,
    ...publishabilityView(r),
    ocr: ocrView(r),
  };
}

/** Each review theme, public or removed, with its origin and the passages that show it, for the editor to confirm, remove or add. */
function themeDecisionsView(r: ReviewRecord) {
  const passages = new Map(r.passages.map((p) => [p.id, p]));
  return [...r.themes, ...(r.removedThemes ?? [])].map((t) => ({
    id: t.id,
    origin: themeOrigin(t),
    machine: machineProposes(t),
    score: t.score,
    decided_by: t.decidedBy ?? null,
    decided_at: t.decidedAt ?? null,
    passages: t.passages
      .map((id) => passages.get(id))
      .filter((p) => p !== undefined)
      .slice(0, EVIDENCE_PASSAGES)
      .map(passageView),
  }));
}

/** A passage as an editor picks or reads it. */
export function passageView(p: Passage) {
  return { id: p.id, page: p.page, section: p.section, text: p.text };
}

function publishabilityView(r: ReviewRecord) {
  const { publishable, reasons } = publishability(r);
  return { publishable, publish_blockers: r.status === 'published' ? [] : reasons };
}

/** What OCR read, page by page, for the editor to check against each page's image. */
function ocrView(r: ReviewRecord) {
  if (!r.ocr) return null;
  const { ocr } = r;
  return {
    engine: ocr.engine,
    missing_tools: ocr.missingTools,
    mean_confidence: ocr.meanConfidence,
    needs_check: ocrNeedsCheck(ocr),
    checked_by: ocr.checked?.by ?? null,
    checked_at: ocr.checked?.at ?? null,
    pages: ocr.pages.map((p) => {
      const range = r.pages.find((x) => x.num === p.num);
      return { num: p.num, confidence: p.confidence, text: range ? r.text.slice(range.start, range.end) : '' };
    }),
    failed: ocr.failed,
  };
}

/*
 * Response schemas: they serialise what the views above build, so a field a view gains must be
 * declared here too, or it never reaches the wire (server/route-schemas.test.ts compares the two).
 */
const text = { type: 'string' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const nullableInteger = { type: ['integer', 'null'] } as const;
const integer = { type: 'integer' } as const;
const texts = { type: 'array', items: text } as const;
const REVIEW_STATUSES = ['published', 'quarantined', 'withdrawn'] as const;
const FLAG_STATUSES = ['open', 'redacted', 'dismissed'] as const;

const reviewSummaryProperties = {
  id: text,
  title: text,
  status: { type: 'string', enum: REVIEW_STATUSES },
  status_reason: nullableString,
  year: nullableInteger,
  area: nullableString,
  file: text,
  open_flags: integer,
  flags: integer,
  updated_at: text,
} as const;

export const reviewListSchema = {
  type: 'object',
  properties: {
    total: integer,
    counts: { type: 'object', properties: Object.fromEntries(REVIEW_STATUSES.map((s) => [s, integer])), required: [...REVIEW_STATUSES] },
    results: {
      type: 'array',
      items: { type: 'object', properties: reviewSummaryProperties, required: Object.keys(reviewSummaryProperties) },
    },
  },
  required: ['total', 'counts', 'results'],
} as const;

const metadataViewSchema = {
  type: 'object',
  properties: {
    title: text,
    area: nullableString,
    nation: { type: ['string', 'null'], enum: [...NATIONS, null] },
    region: nullableString,
    year: nullableInteger,
    review_type: { type: 'string', enum: REVIEW_TYPES },
    age_band: { type: 'string', enum: AGE_BANDS },
    gender: { type: ['string', 'null'], enum: ['female', 'male', null] },
    outcome: { type: 'string', enum: OUTCOMES },
    abuse_types: texts,
    agencies: texts,
    document_kind: { type: 'string', enum: DOCUMENT_KINDS },
    area_matched: { type: ['boolean', 'null'] },
    inferred: texts,
    evidence: { type: 'object', additionalProperties: text, description: 'For each inferred field (wire name), the line of the report it was read from' },
  },
  required: ['title', 'area', 'nation', 'region', 'year', 'review_type', 'age_band', 'gender', 'outcome', 'abuse_types', 'agencies', 'document_kind', 'area_matched', 'inferred', 'evidence'],
} as const;

/** The stored file as ingested (the record's own field names). */
const sourceFileSchema = {
  type: 'object',
  properties: {
    sha256: text,
    name: text,
    type: { type: 'string', enum: ['pdf', 'docx', 'doc', 'txt'] },
    size: integer,
    pages: integer,
    pageBasis: pageBasisSchema,
    manifest: { type: 'object', additionalProperties: text, description: 'The manifest row the file was ingested with, verbatim' },
  },
  required: ['sha256', 'name', 'type', 'size', 'pages'],
} as const;

const flagSchema = {
  type: 'object',
  properties: {
    index: integer,
    kind: { type: 'string', enum: IDENTIFIER_KINDS },
    text,
    page: integer,
    status: { type: 'string', enum: FLAG_STATUSES },
    part: { type: 'string', enum: FILE_PARTS },
    where: nullableString,
    page_offset: nullableInteger,
    length: integer,
    context: { type: 'object', properties: { before: text, match: text, after: text }, required: ['before', 'match', 'after'] },
  },
  required: ['index', 'kind', 'text', 'page', 'status', 'part', 'where', 'page_offset', 'length', 'context'],
} as const;

export const passageViewSchema = {
  type: 'object',
  properties: { id: text, page: integer, section: text, text },
  required: ['id', 'page', 'section', 'text'],
} as const;

const themeDecisionSchema = {
  type: 'object',
  properties: {
    id: text,
    origin: { type: 'string', enum: THEME_ORIGINS },
    machine: { type: 'boolean', description: 'Whether the tagger, as last run, proposes the theme' },
    score: { type: 'number' },
    decided_by: nullableString,
    decided_at: nullableString,
    passages: { type: 'array', items: passageViewSchema },
  },
  required: ['id', 'origin', 'machine', 'score', 'decided_by', 'decided_at', 'passages'],
} as const;

const ocrViewSchema = {
  type: ['object', 'null'],
  properties: {
    engine: nullableString,
    missing_tools: texts,
    mean_confidence: { type: ['number', 'null'] },
    needs_check: { type: 'boolean' },
    checked_by: nullableString,
    checked_at: nullableString,
    pages: {
      type: 'array',
      items: { type: 'object', properties: { num: integer, confidence: { type: ['number', 'null'] }, text }, required: ['num', 'confidence', 'text'] },
    },
    failed: { type: 'array', items: { type: 'object', properties: { num: integer, error: text }, required: ['num', 'error'] } },
  },
  required: ['engine', 'missing_tools', 'mean_confidence', 'needs_check', 'checked_by', 'checked_at', 'pages', 'failed'],
} as const;

const editorReviewProperties = {
  ...reviewSummaryProperties,
  metadata: metadataViewSchema,
  source: sourceFileSchema,
  summary: text,
  recommendations: { type: 'array', items: { type: 'object', properties: { id: text, text, page: integer }, required: ['id', 'text', 'page'] } },
  corrected: { ...texts, description: 'Fields an editor has corrected by hand (wire names), kept through re-extraction and re-tagging' },
  extractor_version: text,
  themes: texts,
  theme_decisions: {
    type: 'array',
    description: "Every review theme: public ones first, then those an editor removed (never public), each with its origin and evidence",
    items: themeDecisionSchema,
  },
  ingested_at: text,
  file_withheld: { type: 'boolean', description: 'The public gets the checked text but no file' },
  flags: { type: 'array', items: flagSchema },
  pages: { type: 'array', items: { type: 'object', properties: { num: integer, text }, required: ['num', 'text'] }, description: 'The text of each page that carries a flag' },
  has_text: { type: 'boolean' },
  publishable: { type: 'boolean' },
  publish_blockers: { ...texts, description: 'Why the review cannot be published now, one sentence per obstacle' },
  ocr: ocrViewSchema,
} as const;

export const editorReviewSchema = { type: 'object', properties: editorReviewProperties, required: Object.keys(editorReviewProperties) } as const;
