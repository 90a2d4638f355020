/** The public API's calls, typed by the generated client (snake_case on the wire). */
import type { StatsDimension } from '../../../model';
import { api, unwrap, type QueryOf, type ResponseOf } from './client';

export { ApiError } from './client';
export type { FacetBucket, FacetField, SearchHit, SimilarReview } from '../../../model';

export type HealthResponse = ResponseOf<'/api/health', 'get'>;
export type SearchResponse = ResponseOf<'/api/search', 'get'>;
export type SearchQuery = QueryOf<'/api/search', 'get'>;
export type ThemesResponse = ResponseOf<'/api/themes', 'get'>;
export type ThemeEntry = ThemesResponse['themes'][number];
export type ReviewDetail = ResponseOf<'/api/reviews/{id}', 'get'>;
export type FullText = ResponseOf<'/api/reviews/{id}/text', 'get'>;
export type DigestResponse = ResponseOf<'/api/themes/{id}/digest', 'get'>;
export type ThemeCountsResponse = ResponseOf<'/api/stats/themes', 'get'>;
export type CoOccurrenceResponse = ResponseOf<'/api/stats/co-occurrence', 'get'>;
export type PartnershipsResponse = ResponseOf<'/api/partnerships', 'get'>;
/** The filters every search-like route takes (statistics, exports, feeds). */
export type FilterQuery = Omit<SearchQuery, 'sort' | 'page' | 'size' | 'facets'>;

export function fetchHealth(signal?: AbortSignal): Promise<HealthResponse> {
  return unwrap(api.GET('/api/health', { signal }));
}

export function search(query: SearchQuery, signal?: AbortSignal): Promise<SearchResponse> {
  return unwrap(api.GET('/api/search', { params: { query }, signal }));
}

export function fetchReview(id: string, signal?: AbortSignal): Promise<ReviewDetail> {
  return unwrap(api.GET('/api/reviews/{id}', { params: { path: { id } }, signal }));
}

export function fetchFullText(id: string, signal?: AbortSignal): Promise<FullText> {
  return unwrap(api.GET('/api/reviews/{id}/text', { params: { path: { id } }, signal }));
}

export function fetchPartnerships(signal?: AbortSignal): Promise<PartnershipsResponse> {
  return unwrap(api.GET('/api/partnerships', { signal }));
}

export function fetchThemes(signal?: AbortSignal): Promise<ThemesResponse> {
  return unwrap(api.GET('/api/themes', { signal }));
}

export function fetchDigest(themeId: string, signal?: AbortSignal): Promise<DigestResponse> {
  return unwrap(api.GET('/api/themes/{id}/digest', { params: { path: { id: themeId } }, signal }));
}

export async function fetchSimilar(reviewId: string, signal?: AbortSignal) {
  return (await unwrap(api.GET('/api/reviews/{id}/similar', { params: { path: { id: reviewId } }, signal }))).results;
}

export function fetchThemeCounts(by: StatsDimension, filters: FilterQuery, signal?: AbortSignal): Promise<ThemeCountsResponse> {
  return unwrap(api.GET('/api/stats/themes', { params: { query: { ...filters, by } }, signal }));
}

export function fetchCoOccurrence(themes: string[], filters: FilterQuery, signal?: AbortSignal): Promise<CoOccurrenceResponse> {
  return unwrap(api.GET('/api/stats/co-occurrence', { params: { query: { ...filters, of: themes } }, signal }));
}

/** Where the original report is served; a PDF viewer opens it at `page` via the URL fragment. */
export function reviewFileUrl(id: string, page?: number): string {
  const url = `/api/reviews/${encodeURIComponent(id)}/file`;
  return page ? `${url}#page=${page}` : url;
}

/** The PDF drawn from the review's checked and redacted text, page for page with the original. */
export function redactedPdfUrl(id: string): string {
  return `/api/reviews/${encodeURIComponent(id)}/redacted.pdf`;
}

/** The anchor of a page in the review page's full text. */
export function pageAnchor(page: number): string {
  return `page-${page}`;
}

/** A query object as a query string, arrays as repeated parameters (as the API reads them). */
export function queryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Addresses of the downloads and feeds, for plain links the browser fetches itself. */
export const downloads = {
  digestDocx: (themeId: string) => `/api/themes/${encodeURIComponent(themeId)}/digest.docx`,
  themeFeed: (themeId: string) => `/api/themes/${encodeURIComponent(themeId)}/feed.atom`,
  searchFeed: (filters: FilterQuery) => `/api/search/feed.atom${queryString(filters)}`,
  themeCounts: (by: StatsDimension, format: 'csv' | 'json', filters: FilterQuery) => `/api/stats/themes${queryString({ ...filters, by, format })}`,
  coOccurrence: (themes: string[], filters: FilterQuery) => `/api/stats/co-occurrence${queryString({ ...filters, of: themes, format: 'csv' })}`,
  searchExport: (format: 'csv' | 'json', filters: FilterQuery) => `/api/export/search${queryString({ ...filters, format })}`,
  matrix: (filters: FilterQuery) => `/api/export/matrix${queryString(filters)}`,
  pack: '/api/packs/case-studies.docx',
  packPdf: '/api/packs/case-studies.pdf',
};

export type HeldAlert = ResponseOf<'/api/alerts/subscription', 'get'>;
export type AlertFrequency = HeldAlert['frequency'];

export function fetchAlertsAvailable(signal?: AbortSignal) {
  return unwrap(api.GET('/api/alerts', { signal }));
}

/** Ask for an email alert on a theme, or on a search's filters. */
export function subscribeToAlert(email: string, frequency: AlertFrequency, follow: { theme: string } | { filters: FilterQuery }) {
  return unwrap(api.POST('/api/alerts', { body: { email, frequency, ...follow } }));
}

export function confirmAlert(token: string) {
  return unwrap(api.POST('/api/alerts/confirm', { body: { token } }));
}

export function fetchHeldAlert(token: string, signal?: AbortSignal): Promise<HeldAlert> {
  return unwrap(api.GET('/api/alerts/subscription', { params: { query: { token } }, signal }));
}

export function deleteAlert(token: string) {
  return unwrap(api.DELETE('/api/alerts/subscription', { params: { query: { token } } }));
}
