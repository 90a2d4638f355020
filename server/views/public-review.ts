import { pageBasis, type ReviewRecord } from '../../model';
import type { Taxonomy } from '../../taxonomy';
import { fileWithheld } from '../../core/editorial/redact';
import { publicFileName } from '../../core/public-file';
import { fullTextWithheld } from '../../core/redacted-text';
import { pageBasisSchema, textOriginSchema } from '../schemas';

/** How many passages are shown per theme on a review page. */
const PASSAGES_PER_THEME = 5;

/** The public face of a review: metadata, themes with their evidence passages; never the flags or raw text. */
export function publicReview(record: ReviewRecord, taxonomy: Taxonomy) {
  const m = record.metadata;
  const passages = new Map(record.passages.map((p) => [p.id, p]));
  return {
    id: record.id,
    title: m.title,
    year: m.year,
    area: m.area,
    nation: m.nation,
    region: m.region,
    review_type: m.reviewType,
    age_band: m.ageBand,
    gender: m.gender,
    outcome: m.outcome,
    agencies: m.agencies,
    summary: record.summary,
    source: {
      name: publicFileName(record),
      type: record.source.type,
      pages: record.source.pages,
      page_basis: pageBasis(record.source),
      sha256: record.source.sha256,
    },
    /** False where the file itself would show what was flagged (see fileWithheld). */
    file_available: !fileWithheld(record),
    /** Whether its whole text, page by page, and its redacted PDF may be read (see fullTextWithheld). */
    full_text_available: fullTextWithheld(record) === null,
    sections: record.sections.filter((s) => s.kind !== 'contents').map((s) => ({ kind: s.kind, title: s.title, page: s.page })),
    themes: record.themes.map((t) => ({
      id: t.id,
      label: taxonomy.get(t.id)?.label ?? t.id,
      score: t.score,
      passages: t.passages
        .slice(0, PASSAGES_PER_THEME)
        .map((id) => passages.get(id))
        .filter((p) => p !== undefined)
        // Evidence read by OCR says so: a reader weighs it with the recognised text's confidence.
        .map((p) => ({ id: p.id, text: p.text, page: p.page, section: p.section, origin: p.origin ?? 'text-layer', ocr_confidence: p.ocrConfidence ?? null })),
    })),
    recommendations: record.recommendations,
    taxonomy_version: record.taxonomyVersion,
  };
}

const passageSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    text: { type: 'string' },
    page: { type: 'integer' },
    section: { type: 'string' },
    origin: textOriginSchema,
    ocr_confidence: { type: ['number', 'null'] },
  },
} as const;

export const publicReviewSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    year: { type: ['integer', 'null'] },
    area: { type: ['string', 'null'] },
    nation: { type: ['string', 'null'] },
    region: { type: ['string', 'null'] },
    review_type: { type: 'string' },
    age_band: { type: 'string' },
    gender: { type: ['string', 'null'] },
    outcome: { type: 'string' },
    agencies: { type: 'array', items: { type: 'string' } },
    summary: { type: 'string' },
    source: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        type: { type: 'string' },
        pages: { type: 'integer' },
        page_basis: pageBasisSchema,
        sha256: { type: 'string' },
      },
    },
    sections: {
      type: 'array',
      items: { type: 'object', properties: { kind: { type: 'string' }, title: { type: 'string' }, page: { type: 'integer' } } },
    },
    themes: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          label: { type: 'string' },
          score: { type: 'number' },
          passages: { type: 'array', items: passageSchema },
        },
      },
    },
    recommendations: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          text: { type: 'string' },
          page: { type: 'integer' },
          themes: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    file_available: { type: 'boolean' },
    full_text_available: { type: 'boolean' },
    taxonomy_version: { type: 'string' },
  },
} as const;
