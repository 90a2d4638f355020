/** JSON schemas shared by routes: validation, serialisation and the OpenAPI document come from these. */
import { AGE_BANDS, FACET_FIELDS, REVIEW_TYPES } from '../model';

export const errorSchema = {
  $id: 'Error',
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
  required: ['error', 'message'],
} as const;

const stringList = { type: 'array', items: { type: 'string', maxLength: 200 }, maxItems: 50 } as const;

/** The filters every search-like route accepts (search, stats, exports). */
export const filterQuerySchema = {
  q: { type: 'string', maxLength: 500 },
  theme: { ...stringList, items: { type: 'string', pattern: '^[a-z0-9-]{1,60}$' } },
  year_from: { type: 'integer', minimum: 1900, maximum: 2100 },
  year_to: { type: 'integer', minimum: 1900, maximum: 2100 },
  area: stringList,
  region: stringList,
  review_type: { type: 'array', items: { type: 'string', enum: REVIEW_TYPES }, maxItems: 10 },
  age_band: { type: 'array', items: { type: 'string', enum: AGE_BANDS }, maxItems: 10 },
  agency: stringList,
} as const;

export const bucketList = {
  type: 'array',
  items: { type: 'object', properties: { key: { type: 'string' }, count: { type: 'integer' } }, required: ['key', 'count'] },
} as const;

export const facetsSchema = {
  type: 'object',
  properties: Object.fromEntries(FACET_FIELDS.map((f) => [f, bucketList])),
} as const;

/** The fields that name a review in any list of reviews. */
export const reviewListingProperties = {
  id: { type: 'string' },
  title: { type: 'string' },
  year: { type: ['integer', 'null'] },
  area: { type: ['string', 'null'] },
  region: { type: ['string', 'null'] },
  review_type: { type: 'string' },
  age_band: { type: 'string' },
} as const;

export const searchHitSchema = {
  type: 'object',
  properties: {
    ...reviewListingProperties,
    themes: { type: 'array', items: { type: 'string' } },
    highlights: { type: 'array', items: { type: 'string' } },
  },
  required: ['id', 'title', 'year', 'area', 'review_type', 'themes', 'highlights'],
} as const;

/** A taxonomy theme as the API shows it. */
export const themeSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    label: { type: 'string' },
    group: { type: 'string' },
    definition: { type: 'string' },
    broader: { type: 'array', items: { type: 'string' } },
    narrower: { type: 'array', items: { type: 'string' } },
    questions: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const errorResponses = {
  400: { $ref: 'Error#' },
  404: { $ref: 'Error#' },
  503: { $ref: 'Error#' },
} as const;
