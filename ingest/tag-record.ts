/**
 * Tagging a record: the part of the pipeline the server runs (uploads, corrections, re-tags) with
 * no document parsed, so it is kept apart from the extractors the pipeline needs.
 */
import type { Passage, ReviewRecord } from '../model';
import type { Tagger } from '../taxonomy';
import { applyCorrections } from './corrections';
import { applyThemeDecisions } from './theme-decisions';

export interface TaggingContext {
  tagger: Tagger;
  taxonomyVersion: string;
}

/** Tag passages and recommendations and aggregate review themes: also the whole of a re-tag. Editors' corrections are laid over first. */
export function tagRecord(extracted: ReviewRecord, { tagger, taxonomyVersion }: TaggingContext): ReviewRecord {
  const record = applyCorrections(extracted);
  const tagged: Passage[] = record.passages.map((p) => ({ ...p, themes: tagger.tagPassage(p.text, p.section) }));
  const { themes, removedThemes, passages } = applyThemeDecisions(tagger.tagReview(tagged), tagged, record.corrections?.themes);
  const next: ReviewRecord = {
    ...record,
    passages,
    themes,
    removedThemes,
    recommendations: record.recommendations.map((r) => ({
      ...r,
      themes: tagger.tagPassage(r.text, 'recommendations').map((t) => t.id),
    })),
    taxonomyVersion,
  };
  if (!removedThemes.length) delete next.removedThemes;
  return next;
}

/** Tagging as a caller wants it done: in this thread (tagRecord), or away from it (see worker/pool.ts). */
export type RecordTagger = (record: ReviewRecord) => Promise<ReviewRecord>;

