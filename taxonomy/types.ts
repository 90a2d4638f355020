/** The taxonomy file's shape: what the portal sees (model Theme) plus what only the tagger needs. */
import type { SectionKind, Theme, ThemeGroup } from '../model';

/** A signal: a phrase pattern (see patterns.ts) and how much it says on its own. */
export interface SignalSpec {
  p: string;
  /** 0..1; at or above the threshold a single unnegated hit asserts the theme. */
  w?: number;
  /** Match case-sensitively (e.g. "Black" as an ethnicity, not "black eye"). */
  case?: boolean;
  /** Counts in full only when the theme's context patterns appear in the passage. */
  needsContext?: boolean;
}

export interface LookalikeSpec {
  p: string;
  /** span (default): drops signal hits it overlaps; sentence: drops every hit in its sentence. */
  scope?: 'span' | 'sentence';
  case?: boolean;
}

export interface ThemeSpec extends Theme {
  /** Broader themes that a hit on this theme also asserts (a subset of broader). */
  entails?: string[];
  signals: Array<string | SignalSpec>;
  lookalikes?: Array<string | LookalikeSpec>;
  context?: { patterns: string[]; factor: number };
}

/** How passage tags add up to what a review is about. */
export interface ReviewSpec {
  /** How much a passage in each section says about the review's findings. */
  sectionWeights: Record<SectionKind, number>;
  /** Section-weighted sum of passage scores a theme needs to be a review theme. */
  minEvidence: number;
  /** It also needs this share of the mean evidence of the review's strongest themes... */
  relative: number;
  /** ...taking this many of them. */
  strongest: number;
}

export interface TaxonomySpec {
  version: string;
  /** Score at or above which a theme is asserted on a passage. */
  threshold: number;
  /** The strongest hit on a theme must weigh at least this; weaker signals only corroborate. */
  anchorWeight: number;
  /** Weight of a signal given as a bare string. */
  defaultWeight: number;
  sectionWeights: Record<SectionKind, number>;
  /** Sentences describing the review process itself; hits in them are scaled by factor. */
  process: { patterns: Array<string | { p: string; case?: boolean }>; factor: number };
  negation: {
    /** Groups whose themes a denial silences. */
    groups: ThemeGroup[];
    /** Cues that deny a theme ("no evidence of", "ruled out"). */
    before: string[];
    after: string[];
    /** Cues of mere absence ("no", "without"): for practice themes an absence is itself the finding. */
    absence: string[];
    absenceGroups: ThemeGroup[];
    /** Words between a cue and the hit it governs. */
    window: number;
  };
  hedging: { before: string[]; factor: number; groups: ThemeGroup[]; window: number };
  /** Words that end a clause, so a cue does not reach across "but" or ";". */
  clauseBreaks: string;
  /** Factor applied to a broader theme asserted through entails. */
  entailFactor: number;
  review: ReviewSpec;
  themes: ThemeSpec[];
}
