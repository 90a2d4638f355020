/** Human-readable labels for the coded values the API returns. */
import type { SectionKind, ThemeGroup } from '../../model';

export { AGE_BAND_LABELS, AUDIT_ACTION_LABELS, OUTCOME_LABELS, REVIEW_STATUS_LABELS, REVIEW_TYPE_LABELS, pageLabel } from '../../model/labels';


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
