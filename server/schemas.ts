/**
 * JSON schemas shared by routes. The search vocabulary's schemas are model/'s (TypeBox: the
 * schema is the type); this file only names them for the routes and adds the HTTP-only ones.
 */
import { PAGE_BASES, SearchHitSchema, TEXT_ORIGINS, searchFiltersSchema, type SearchFieldRegistry } from '../model';

export const errorSchema = {
  $id: 'Error',
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
  required: ['error', 'message'],
} as const;

/** How a review's page numbers were found, and where a page's or passage's text came from. */
export const pageBasisSchema = { type: 'string', enum: PAGE_BASES } as const;
export const textOriginSchema = { type: 'string', enum: TEXT_ORIGINS } as const;

/** The filters every search-like route accepts (search, stats, exports, feeds, digests), from the app's field table. */
export const filterQuerySchema = (fields: SearchFieldRegistry) => searchFiltersSchema(fields).properties;

/** The fields that name a review in any list of reviews, with where it is from and the child's age. */
const { themes: _themes, highlights: _highlights, ...listing } = SearchHitSchema.properties;
export const reviewListingProperties = listing;

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

/** The CSV routes' switch for spreadsheet safety: on unless a tool that wants raw values turns it off. */
export const excelSafeProperty = {
  excel_safe: {
    type: 'boolean',
    default: true,
    description: 'CSV only: cells that would start a formula (= + - @, tab, carriage return) get a leading apostrophe; false sends values as they are',
  },
} as const;

/** What a research export says about itself (its query as a query string and in words). */
export const provenanceProperties = {
  taxonomy_version: { type: 'string' },
  query: { type: 'string', description: 'The filters as a query string, in a fixed parameter order' },
  query_text: { type: 'string', description: 'The same filters in words' },
  generated_at: { type: 'string' },
} as const;

/** An email address as a form takes one: loosely checked, since only a confirmation email proves it. */
export const EMAIL_SCHEMA = { type: 'string', maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' } as const;
