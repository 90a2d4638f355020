import type { SearchBackend, SearchFilters, SearchHit } from '../model';

const PAGE = 100;

/** Every review matching the filters, newest first, read page by page without facet counting. */
export async function allHits(backend: SearchBackend, filters: SearchFilters, limit = Infinity): Promise<SearchHit[]> {
  const hits: SearchHit[] = [];
  for (let page = 1; hits.length < limit; page++) {
    const res = await backend.search({ ...filters, sort: 'date', page, size: PAGE, facets: false });
    hits.push(...res.results);
    if (res.results.length < PAGE || hits.length >= res.total) break;
  }
  return hits.slice(0, limit);
}
