/** The theme taxonomy as the server and the portal see it. */

export type ThemeGroup = 'practice' | 'risk-factors' | 'harm' | 'context' | 'good-practice';

export interface Theme {
  id: string;
  label: string;
  group: ThemeGroup;
  definition: string;
  broader: string[];
  narrower: string[];
  questions: string[];
}

export interface ThemeSummary extends Theme {
  reviewCount: number;
}
