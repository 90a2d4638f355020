import { pageBasis, type ReviewRecord } from '../../model';
import { fileWithheld } from '../../core/editorial/redact';
import { textPages } from '../../core/redacted-text';
import { pageBasisSchema, textOriginSchema } from '../schemas';

/** The whole checked text of a published review, page by page (see textPages). */
export function publicFullText(record: ReviewRecord) {
  return {
    id: record.id,
    title: record.metadata.title,
    page_basis: pageBasis(record.source),
    file_available: !fileWithheld(record),
    pages: textPages(record).map((p) => ({ num: p.num, label: p.label, text: p.text, origin: p.origin, ocr_confidence: p.ocrConfidence })),
  };
}

export const publicFullTextSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    page_basis: pageBasisSchema,
    file_available: { type: 'boolean' },
    pages: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          num: { type: 'integer' },
          label: { type: 'string' },
          text: { type: 'string' },
          origin: textOriginSchema,
          ocr_confidence: { type: ['number', 'null'] },
        },
      },
    },
  },
} as const;
