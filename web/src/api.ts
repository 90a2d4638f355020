/** Client for the repository's JSON API (snake_case on the wire). */
import type { Partnership } from '../../model/partnerships';
import type {
  AgeBand,
  FileType,
  Nation,
  Outcome,
  PageBasis,
  ReviewType,
  SearchResponse,
  SectionKind,
  StatsDimension,
  Theme,
  ThemePassage,
  SimilarReview,
  ReviewListing,
} from '../../model';

export type { FacetBucket, FacetField, SearchHit, SearchResponse, SimilarReview } from '../../model';

export interface HealthResponse {
  status: 'ok' | 'degraded';
  backend: 'embedded' | 'elasticsearch';
  reviews: number;
  problems: number;
  read_only: boolean;
}

export interface ThemeEntry extends Theme {
  review_count: number;
}

export interface ThemesResponse {
  version: string;
  themes: ThemeEntry[];
}

export interface ReviewPassage {
  id: string;
  text: string;
  page: number;
  section: SectionKind;
}

export interface ReviewThemeDetail {
  id: string;
  label: string;
  score: number;
  passages: ReviewPassage[];
}

export interface ReviewDetail {
  id: string;
  title: string;
  year: number | null;
  area: string | null;
  nation: Nation | null;
  region: string | null;
  review_type: ReviewType;
  age_band: AgeBand;
  gender: 'female' | 'male' | null;
  outcome: Outcome;
  agencies: string[];
  summary: string;
  source: { name: string; type: FileType; pages: number; page_basis: PageBasis; sha256: string };
  file_available: boolean;
  sections: { kind: SectionKind; title: string; page: number }[];
  themes: ReviewThemeDetail[];
  recommendations: { id: string; text: string; page: number; themes: string[] }[];
  taxonomy_version: string;
}

/** A failed request, carrying the server's `{"error","message"}` body when there is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { Accept: 'application/json' }, signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, 'The service could not be reached. Check your connection and try again.');
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { message?: unknown } | null;
    const message = typeof body?.message === 'string' ? body.message : `The service answered ${res.status} ${res.statusText}.`;
    throw new ApiError(res.status, message);
  }
  return (await res.json()) as T;
}

export function fetchHealth(signal?: AbortSignal): Promise<HealthResponse> {
  return getJson('/api/health', signal);
}

export function search(params: URLSearchParams, signal?: AbortSignal): Promise<SearchResponse> {
  return getJson(`/api/search?${params.toString()}`, signal);
}

export function fetchReview(id: string, signal?: AbortSignal): Promise<ReviewDetail> {
  return getJson(`/api/reviews/${encodeURIComponent(id)}`, signal);
}

export function fetchPartnerships(signal?: AbortSignal): Promise<{ partnerships: Partnership[] }> {
  return getJson('/api/partnerships', signal);
}

export function fetchThemes(signal?: AbortSignal): Promise<ThemesResponse> {
  return getJson('/api/themes', signal);
}

/** Where the original report is served; a PDF viewer opens it at `page` via the URL fragment. */
export function reviewFileUrl(id: string, page?: number): string {
  const url = `/api/reviews/${encodeURIComponent(id)}/file`;
  return page ? `${url}#page=${page}` : url;
}

export type DigestPassage = Omit<ThemePassage, 'score'>;

export interface DigestResponse {
  theme: Theme;
  review_count: number;
  by_year: { year: number; count: number }[];
  key_passages: DigestPassage[];
  recommendations: { review_id: string; title: string; year: number | null; text: string; page: number }[];
  co_occurring: { theme: string; label: string; count: number }[];
  reviews: (ReviewListing & { score: number; source_type: FileType; page_basis: PageBasis })[];
  taxonomy_version: string;
}


export interface Provenance {
  taxonomy_version: string;
  query: string;
  generated_at: string;
}

export interface ThemeCountsResponse extends Provenance {
  by: StatsDimension;
  buckets: string[];
  rows: { theme: string; label: string; total: number; counts: Record<string, number> }[];
}

export interface CoOccurrenceResponse extends Provenance {
  themes: { id: string; label: string; reviews: number }[];
  matrix: number[][];
}

export function fetchDigest(themeId: string, signal?: AbortSignal): Promise<DigestResponse> {
  return getJson(`/api/themes/${encodeURIComponent(themeId)}/digest`, signal);
}

export async function fetchSimilar(reviewId: string, signal?: AbortSignal): Promise<SimilarReview[]> {
  return (await getJson<{ results: SimilarReview[] }>(`/api/reviews/${encodeURIComponent(reviewId)}/similar`, signal)).results;
}

/** `filters` are search parameters (as in the page's URL) without paging or sort. */
export function fetchThemeCounts(by: StatsDimension, filters: URLSearchParams, signal?: AbortSignal): Promise<ThemeCountsResponse> {
  return getJson(`/api/stats/themes?${withParams(filters, { by })}`, signal);
}

export function fetchCoOccurrence(themes: string[], filters: URLSearchParams, signal?: AbortSignal): Promise<CoOccurrenceResponse> {
  const params = new URLSearchParams(filters);
  for (const t of themes) params.append('of', t);
  return getJson(`/api/stats/co-occurrence?${params}`, signal);
}

function withParams(filters: URLSearchParams, extra: Record<string, string>): string {
  const params = new URLSearchParams(filters);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

/** Addresses of the downloads and feeds, for plain links the browser fetches itself. */
export const downloads = {
  digestDocx: (themeId: string) => `/api/themes/${encodeURIComponent(themeId)}/digest.docx`,
  themeFeed: (themeId: string) => `/api/themes/${encodeURIComponent(themeId)}/feed.atom`,
  searchFeed: (filters: URLSearchParams) => `/api/search/feed.atom${filters.size ? `?${filters}` : ''}`,
  themeCounts: (by: StatsDimension, format: 'csv' | 'json', filters: URLSearchParams) => `/api/stats/themes?${withParams(filters, { by, format })}`,
  coOccurrence: (themes: string[], filters: URLSearchParams) => {
    const params = new URLSearchParams(filters);
    for (const t of themes) params.append('of', t);
    params.set('format', 'csv');
    return `/api/stats/co-occurrence?${params}`;
  },
  searchExport: (format: 'csv' | 'json', filters: URLSearchParams) => `/api/export/search?${withParams(filters, { format })}`,
  matrix: (filters: URLSearchParams) => `/api/export/matrix${filters.size ? `?${filters}` : ''}`,
  pack: '/api/packs/case-studies.docx',
};
