/** Client for the repository's JSON API (snake_case on the wire). */
import type {
  AgeBand,
  FileType,
  Nation,
  Outcome,
  ReviewType,
  SearchResponse,
  SectionKind,
  Theme,
} from '../../model';

export type { FacetBucket, FacetField, SearchHit, SearchResponse } from '../../model';

export interface HealthResponse {
  status: 'ok';
  backend: 'embedded' | 'elasticsearch';
  reviews: number;
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
  source: { name: string; type: FileType; pages: number; sha256: string };
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

export function fetchThemes(signal?: AbortSignal): Promise<ThemesResponse> {
  return getJson('/api/themes', signal);
}

/** Where the original report is served; a PDF viewer opens it at `page` via the URL fragment. */
export function reviewFileUrl(id: string, page?: number): string {
  const url = `/api/reviews/${encodeURIComponent(id)}/file`;
  return page ? `${url}#page=${page}` : url;
}
