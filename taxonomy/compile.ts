/** Turning the taxonomy file's patterns into the matchers the tagger runs. */
import type { SectionKind, ThemeGroup } from '../model';
import { cueRegex, MultiMatcher, PatternPool, type Cue } from './matcher';
import { compilePattern } from './patterns';
import type { ReviewSpec, TaxonomySpec } from './types';

export interface SignalMeta {
  /** Position of the signal in its theme, so repeated hits of one signal count once per sentence. */
  index: number;
  w: number;
  needsContext: boolean;
}

export interface CompiledTheme {
  id: string;
  group: ThemeGroup;
  entails: string[];
  narrower: string[];
  signals: MultiMatcher<SignalMeta>;
  lookalikes: MultiMatcher<'span' | 'sentence'>;
  context: { matcher: MultiMatcher<null>; factor: number } | null;
}

export interface CompiledTaxonomy {
  threshold: number;
  anchorWeight: number;
  sectionWeights: Record<SectionKind, number>;
  process: { matcher: MultiMatcher<null>; factor: number };
  negationGroups: Set<ThemeGroup>;
  negationBefore: Cue | null;
  negationAfter: Cue | null;
  absenceBefore: Cue | null;
  absenceGroups: Set<ThemeGroup>;
  hedgeBefore: Cue | null;
  hedgeFactor: number;
  hedgeGroups: Set<ThemeGroup>;
  clauseBreaks: RegExp;
  entailFactor: number;
  review: ReviewSpec;
  themes: CompiledTheme[];
}

/** Run build, prefixing any error with where in the file the failing pattern sits. */
function at<T>(where: string, build: () => T): T {
  try {
    return build();
  } catch (err) {
    throw new Error(`${where}: ${(err as Error).message}`);
  }
}

export function compileTaxonomy(spec: TaxonomySpec): CompiledTaxonomy {
  // Every matcher runs over the same passage: its words are looked up once for all of them.
  const pool = new PatternPool();
  const themes = spec.themes.map((t) =>
    at(`theme "${t.id}"`, () => ({
      id: t.id,
      group: t.group,
      entails: t.entails ?? [],
      narrower: t.narrower,
      // Strongest first: where two signals start at the same word the combined expression reports
      // only the first that matches, so a weak "drug" must not hide "drug and alcohol service".
      signals: new MultiMatcher<SignalMeta>(
        t.signals
          .map((s, index) =>
            typeof s === 'string'
              ? { p: s, meta: { index, w: spec.defaultWeight, needsContext: false } }
              : { p: s.p, case: s.case, meta: { index, w: s.w ?? spec.defaultWeight, needsContext: !!s.needsContext } },
          )
          .sort((x, y) => y.meta.w - x.meta.w),
        pool,
      ),
      lookalikes: new MultiMatcher<'span' | 'sentence'>(
        (t.lookalikes ?? []).map((l) =>
          typeof l === 'string' ? { p: l, meta: 'span' as const } : { p: l.p, case: l.case, meta: l.scope ?? 'span' },
        ),
        pool,
      ),
      context: t.context
        ? { matcher: new MultiMatcher(t.context.patterns.map((p) => ({ p, meta: null })), pool), factor: t.context.factor }
        : null,
    })),
  );
  const { negation, hedging } = spec;
  return {
    threshold: spec.threshold,
    anchorWeight: spec.anchorWeight,
    sectionWeights: spec.sectionWeights,
    process: at('process', () => ({
      matcher: new MultiMatcher(
        spec.process.patterns.map((p) => (typeof p === 'string' ? { p, meta: null } : { p: p.p, case: p.case, meta: null })),
        pool,
      ),
      factor: spec.process.factor,
    })),
    negationGroups: new Set(negation.groups),
    negationBefore: at('negation', () => cueRegex(negation.before, negation.window, 'before')),
    negationAfter: at('negation', () => cueRegex(negation.after, 2, 'after')),
    absenceBefore: at('negation', () => cueRegex(negation.absence, 2, 'before')),
    absenceGroups: new Set(negation.absenceGroups),
    hedgeBefore: at('hedging', () => cueRegex(hedging.before, hedging.window, 'before')),
    hedgeFactor: hedging.factor,
    hedgeGroups: new Set(hedging.groups),
    clauseBreaks: new RegExp(at('clauseBreaks', () => compilePattern(spec.clauseBreaks)), 'gi'),
    entailFactor: spec.entailFactor,
    review: spec.review,
    themes,
  };
}
