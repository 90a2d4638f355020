import type { FacetField, ReviewRecord, SearchFilters, SectionKind } from '../model';

/** The values a review contributes to each facet: the one place both backends learn them from. */
export function facetValues(review: ReviewRecord): Record<FacetField, string[]> {
  const m = review.metadata;
  return {
    theme: review.themes.map((t) => t.id),
    year: m.year === null ? [] : [String(m.year)],
    review_type: [m.reviewType],
    region: m.region ? [m.region] : [],
    area: m.area ? [m.area] : [],
    age_band: [m.ageBand],
    agency: m.agencies,
  };
}

/** Findings and recommendations carry a theme's lessons; passages there are shown first. */
export const SECTION_PRIORITY: Partial<Record<SectionKind, number>> = {
  analysis: 3,
  recommendations: 3,
  'executive-summary': 2,
  chronology: 1,
  'family-background': 1,
  other: 1,
};

export function sectionPriority(kind: SectionKind): number {
  return SECTION_PRIORITY[kind] ?? 0;
}

/**
 * Facet counts for a field ignore that field's own filter (but not the others), so a user who
 * ticked one region still sees how many reviews the other regions would add. Themes are the
 * exception: a theme filter narrows (all themes must match), so theme counts honour it.
 */
export function filtersForFacet(filters: SearchFilters, field: FacetField): SearchFilters {
  switch (field) {
    case 'year':
      return { ...filters, yearFrom: undefined, yearTo: undefined };
    case 'review_type':
      return { ...filters, reviewType: undefined };
    case 'age_band':
      return { ...filters, ageBand: undefined };
    case 'region':
    case 'area':
    case 'agency':
      return { ...filters, [field]: undefined };
    default:
      return filters;
  }
}
