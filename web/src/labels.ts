/** Human-readable labels for the coded values the API returns. */
import type { AgeBand, Outcome, ReviewType, SectionKind, ThemeGroup } from '../../model';

export const REVIEW_TYPE_LABELS: Record<ReviewType, string> = {
  scr: 'Serious case review',
  lcspr: 'Local child safeguarding practice review',
  'wales-cpr': 'Child practice review (Wales)',
  'lessons-learned': 'Lessons learned review',
  other: 'Other review',
};

export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  'under-1': 'Under 1',
  '1-4': '1 to 4',
  '5-10': '5 to 10',
  '11-15': '11 to 15',
  '16-17': '16 to 17',
  unknown: 'Age not stated',
};

export const OUTCOME_LABELS: Record<Outcome, string> = {
  died: 'Child died',
  'serious-harm': 'Serious harm',
  unknown: 'Not stated',
};

export const THEME_GROUP_LABELS: Record<ThemeGroup, string> = {
  practice: 'Professional practice',
  'risk-factors': 'Risk factors',
  harm: 'Types of harm',
  context: 'Context',
  'good-practice': 'Good practice',
};

export const SECTION_LABELS: Record<SectionKind, string> = {
  contents: 'Contents',
  'executive-summary': 'Executive summary',
  introduction: 'Introduction',
  'terms-of-reference': 'Terms of reference',
  methodology: 'Methodology',
  'family-background': 'Family background',
  chronology: 'Chronology',
  analysis: 'Analysis',
  recommendations: 'Recommendations',
  response: 'Response',
  appendix: 'Appendix',
  other: 'Other',
};

/** Falls back to the raw code so a value added on the server still shows up. */
export function labelFor<K extends string>(labels: Record<K, string>, code: string): string {
  return (labels as Record<string, string>)[code] ?? code;
}
