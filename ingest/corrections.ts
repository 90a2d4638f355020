import type { Corrections, Recommendation, ReviewMetadata, ReviewRecord } from '../model';

/**
 * The record with its editors' corrections laid over what extraction produced. Applied whenever a
 * record is built or rebuilt (ingest, re-extraction, re-tagging), so a correction outlives them all.
 * A corrected field is no longer inferred and loses the evidence extraction gave for it.
 */
export function applyCorrections(record: ReviewRecord): ReviewRecord {
  const c = record.corrections;
  if (!c) return record;
  let next = record;
  if (c.metadata && Object.keys(c.metadata).length) {
    const fields = Object.keys(c.metadata);
    const evidence = { ...record.metadata.evidence };
    for (const f of fields) delete evidence[f];
    const metadata: ReviewMetadata = {
      ...record.metadata,
      ...c.metadata,
      inferred: record.metadata.inferred.filter((f) => !fields.includes(f)),
      evidence,
    };
    if ('area' in c.metadata) delete metadata.areaMatched;
    next = { ...next, metadata };
  }
  if (c.summary !== undefined) {
    next = { ...next, summary: c.summary, metadata: { ...next.metadata, inferred: next.metadata.inferred.filter((f) => f !== 'summary') } };
  }
  if (c.recommendations) next = { ...next, recommendations: correctedRecommendations(record.recommendations, c.recommendations) };
  return next;
}

/** Texts replace the extracted ones in order; each keeps its extracted page where there was one. */
function correctedRecommendations(extracted: Recommendation[], texts: string[]): Recommendation[] {
  return texts.map((text, i) => {
    const was = extracted[i];
    return was?.text === text ? was : { id: `r${i + 1}`, text, page: was?.page ?? extracted[extracted.length - 1]?.page ?? 1, themes: [] };
  });
}

/** Corrections merged: later values win, field by field. */
export function mergeCorrections(current: Corrections | undefined, change: Corrections): Corrections {
  return {
    ...current,
    ...change,
    ...(current?.metadata || change.metadata ? { metadata: { ...current?.metadata, ...change.metadata } } : {}),
  };
}
