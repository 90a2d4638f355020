/** The search request and response shared by the backends, the API and the portal. */
import type { AgeBand, ReviewType, SectionKind } from './review';

export interface SearchFilters {
  q?: string;
  themes?: string[];
  yearFrom?: number;
  yearTo?: number;
  area?: string[];
  region?: string[];
  reviewType?: ReviewType[];
  ageBand?: AgeBand[];
  agency?: string[];
}

/** 'date': the report's year, newest first; 'added': newest additions to the repository first. */
export const SORT_ORDERS = ['relevance', 'date', 'added'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export interface SearchRequest extends SearchFilters {
  sort?: SortOrder;
  /** 1-based. */
  page?: number;
  size?: number;
  /** False skips facet counting (the facets come back empty), for callers that page through every hit. */
  facets?: boolean;
}

export interface SearchHit {
  id: string;
  title: string;
  year: number | null;
  area: string | null;
  region: string | null;
  review_type: ReviewType;
  age_band: AgeBand;
  themes: string[];
  highlights: string[];
}

export interface FacetBucket {
  key: string;
  count: number;
}

export const FACET_FIELDS = ['theme', 'year', 'review_type', 'region', 'area', 'age_band', 'agency'] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

export interface SearchResponse {
  total: number;
  results: SearchHit[];
  facets: Record<FacetField, FacetBucket[]>;
}

export const STATS_DIMENSIONS = ['year', 'area', 'region', 'review_type', 'age_band'] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];

/** Number of reviews carrying a theme within one bucket of a dimension. */
export interface ThemeCount {
  theme: string;
  bucket: string;
  count: number;
}

export interface CoOccurrence {
  a: string;
  b: string;
  count: number;
}

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

/**
 * The search backend port. Only published reviews are ever indexed, so nothing
 * behind this interface needs to know about editorial status.
 */
export interface SearchBackend {
  readonly name: 'embedded' | 'elasticsearch';
  init(): Promise<void>;
  index(review: import('./review').ReviewRecord): Promise<void>;
  remove(id: string): Promise<void>;
  /** Drop everything. */
  clear(): Promise<void>;
  /**
   * Replace the whole index with these reviews and return how many were indexed. An engine that
   * can build beside the live index does so and swaps, so searches never see it half-built.
   */
  rebuild(reviews: Iterable<import('./review').ReviewRecord> | AsyncIterable<import('./review').ReviewRecord>): Promise<number>;
  count(): Promise<number>;
  search(req: SearchRequest): Promise<SearchResponse>;
  themeCounts(by: StatsDimension, filters: SearchFilters): Promise<ThemeCount[]>;
  /** Reviews per theme over the whole filtered set. */
  themeTotals(filters: SearchFilters): Promise<FacetBucket[]>;
  coOccurrence(filters: SearchFilters, themes?: string[]): Promise<CoOccurrence[]>;
  themePassages(theme: string, filters: SearchFilters, limit: number): Promise<ThemePassage[]>;
  close(): Promise<void>;
}

/** The fields that name a review in a list of reviews. */
export interface ReviewListing {
  id: string;
  title: string;
  year: number | null;
  area: string | null;
  review_type: ReviewType;
}

/** A review like another, by theme profile and wording. */
export interface SimilarReview extends ReviewListing {
  score: number;
  /** Themes both reviews carry, strongest in common first. */
  shared_themes: string[];
}
