/**
 * The search request and response shared by the engines, the API and the portal: TypeBox
 * schemas that are also the types, so route validation, the OpenAPI document and the portal's
 * generated client all read the same declaration.
 */
import Type from 'typebox';
import { AGE_BANDS, REVIEW_TYPES, type ReviewRecord, type SectionKind } from './review';
import {
  FacetBucketSchema,
  SEARCH_FIELDS,
  facetsSchema,
  searchFiltersSchema,
  type SearchFieldRegistry,
  type FacetField,
  type SearchFilters,
  type StatsDimension,
} from './search-fields';

export * from './search-fields';

/** 'date': the report's year, newest first; 'added': newest additions to the repository first. */
export const SORT_ORDERS = ['relevance', 'date', 'added'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

const nullable = <T extends Type.TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const searchRequestSchema = <F extends SearchFieldRegistry>(fields: F) =>
  Type.Object(
  {
    ...searchFiltersSchema(fields).properties,
    sort: Type.Optional(
      Type.Enum(SORT_ORDERS, {
        default: 'relevance',
        description: "relevance; date: the report's year, newest first; added: newest additions to the repository first",
      }),
    ),
    /** 1-based. */
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1 })),
    size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    /** False skips facet counting (the facets come back empty), for callers that page through every hit. */
    facets: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const SearchRequestSchema = searchRequestSchema(SEARCH_FIELDS);
export type SearchRequest = Type.Static<typeof SearchRequestSchema>;

/** The fields that name a review in any list of reviews. */
export const ReviewListingSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  year: nullable(Type.Integer()),
  area: nullable(Type.String()),
  review_type: Type.Enum(REVIEW_TYPES),
});
export type ReviewListing = Type.Static<typeof ReviewListingSchema>;

export const SearchHitSchema = Type.Object({
  ...ReviewListingSchema.properties,
  region: nullable(Type.String()),
  age_band: Type.Enum(AGE_BANDS),
  themes: Type.Array(Type.String()),
  /** Passages matching the query (or carrying the ticked themes), matches in <mark>, all else escaped. */
  highlights: Type.Array(Type.String()),
});
export type SearchHit = Type.Static<typeof SearchHitSchema>;

export type FacetBucket = Type.Static<typeof FacetBucketSchema>;
export type Facets = Record<FacetField, FacetBucket[]>;

/** Offered when a query finds little: the query with each unknown word replaced, and themes whose label it names. */
export const SuggestionsSchema = Type.Object({
  did_you_mean: nullable(Type.String()),
  themes: Type.Array(Type.String()),
});
export type Suggestions = Type.Static<typeof SuggestionsSchema>;

export const searchResponseSchema = (fields: SearchFieldRegistry) =>
  Type.Object({
    total: Type.Integer(),
    results: Type.Array(SearchHitSchema),
    facets: facetsSchema(fields),
    suggestions: Type.Optional(SuggestionsSchema),
  });
export const SearchResponseSchema = searchResponseSchema(SEARCH_FIELDS);
export type SearchResponse = Omit<Type.Static<typeof SearchResponseSchema>, 'facets'> & { facets: Facets };

/** Number of reviews carrying a theme within one bucket of a dimension. */
export const ThemeCountSchema = Type.Object({ theme: Type.String(), bucket: Type.String(), count: Type.Integer() });
export type ThemeCount = Type.Static<typeof ThemeCountSchema>;

export const CoOccurrenceSchema = Type.Object({ a: Type.String(), b: Type.String(), count: Type.Integer() });
export type CoOccurrence = Type.Static<typeof CoOccurrenceSchema>;

export interface ThemePassage {
  review_id: string;
  title: string;
  year: number | null;
  passage_id: string;
  text: string;
  page: number;
  section: SectionKind;
  score: number;
}

/** A review like another, by theme profile and wording. */
export const SimilarReviewSchema = Type.Object({
  ...ReviewListingSchema.properties,
  score: Type.Number(),
  /** Themes both reviews carry, strongest in common first. */
  shared_themes: Type.Array(Type.String()),
});
export type SimilarReview = Type.Static<typeof SimilarReviewSchema>;

/**
 * The search engine port. Only published reviews are ever indexed, so nothing behind this
 * interface needs to know about editorial status. Filters are as the API receives them.
 */
export interface SearchBackend {
  readonly name: 'embedded' | 'elasticsearch';
  init(): Promise<void>;
  index(review: ReviewRecord): Promise<void>;
  remove(id: string): Promise<void>;
  /** Drop everything. */
  clear(): Promise<void>;
  /**
   * Replace the whole index with these reviews and return how many were indexed. An engine that
   * can build beside the live index does so and swaps, so searches never see it half-built.
   */
  rebuild(reviews: Iterable<ReviewRecord> | AsyncIterable<ReviewRecord>): Promise<number>;
  count(): Promise<number>;
  search(req: SearchRequest): Promise<SearchResponse>;
  themeCounts(by: StatsDimension, filters: SearchFilters): Promise<ThemeCount[]>;
  /** Reviews per theme over the whole filtered set (each theme as carried, without its narrower themes). */
  themeTotals(filters: SearchFilters): Promise<FacetBucket[]>;
  coOccurrence(filters: SearchFilters, themes?: string[]): Promise<CoOccurrence[]>;
  themePassages(theme: string, filters: SearchFilters, limit: number): Promise<ThemePassage[]>;
  /**
   * For each word, the indexed word closest to it in spelling when the word itself is not in the
   * index (null when it is, or when nothing is close): what "did you mean" is made from.
   */
  suggestWords(words: string[]): Promise<(string | null)[]>;
  close(): Promise<void>;
}
