import type { AgeBand, ReviewType, SearchFilters } from '../model';

/** Query-string filters as the routes receive them after schema validation. */
export interface FilterQuery {
  q?: string;
  theme?: string[];
  year_from?: number;
  year_to?: number;
  area?: string[];
  region?: string[];
  review_type?: ReviewType[];
  age_band?: AgeBand[];
  agency?: string[];
}

export function toFilters(q: FilterQuery): SearchFilters {
  return {
    q: q.q,
    themes: q.theme,
    yearFrom: q.year_from,
    yearTo: q.year_to,
    area: q.area,
    region: q.region,
    reviewType: q.review_type,
    ageBand: q.age_band,
    agency: q.agency,
  };
}
