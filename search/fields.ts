import type { FacetField, ReviewRecord, SectionKind } from '../model';

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
