import { flagPart, type IdentifierFlag, type ReviewRecord } from '../../model';

export const REDACTION_MARK = '[redacted]';

/** The phrase as a literal, case-insensitive pattern; any run of whitespace matches any other, as line breaks vary. */
export function phrasePattern(phrase: string): RegExp {
  const words = phrase.trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(words.join('\\s+'), 'gi');
}

/** Maps offsets in the text before redaction to offsets after it. */
function offsetMap(text: string, pattern: RegExp): (offset: number) => number {
  const cuts = [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  return (offset) => {
    let shift = 0;
    for (const cut of cuts) {
      if (cut.end <= offset) shift += cut.end - cut.start - REDACTION_MARK.length;
      else if (cut.start < offset) return cut.start - shift;
      else break;
    }
    return offset - shift;
  };
}

/**
 * Replace every occurrence of a phrase everywhere the review's text is kept (the text, passages,
 * evidence, summary, recommendations, section titles, title), keeping every offset true.
 * Open flags whose text is no longer there are marked redacted: what they pointed at is gone.
 */
export function redactPhrase(record: ReviewRecord, phrase: string): { record: ReviewRecord; replaced: number } {
  const pattern = phrasePattern(phrase);
  const replaced = (record.text.match(pattern) ?? []).length;
  const at = offsetMap(record.text, pattern);
  const r = (s: string) => s.replace(pattern, REDACTION_MARK);
  const text = r(record.text);
  const stillThere = (s: string) => phrasePattern(s).test(text);
  return {
    replaced,
    record: {
      ...record,
      metadata: { ...record.metadata, title: r(record.metadata.title) },
      summary: r(record.summary),
      text,
      pages: record.pages.map((p) => ({ ...p, start: at(p.start), end: at(p.end) })),
      sections: record.sections.map((s) => ({ ...s, title: r(s.title), start: at(s.start), end: at(s.end) })),
      passages: record.passages.map((p) => ({
        ...p,
        text: r(p.text),
        offset: at(p.offset),
        themes: p.themes.map((t) => ({ ...t, evidence: t.evidence.map(r) })),
      })),
      themes: record.themes.map((t) => ({ ...t, evidence: t.evidence.map(r) })),
      ...(record.removedThemes ? { removedThemes: record.removedThemes.map((t) => ({ ...t, evidence: t.evidence.map(r) })) } : {}),
      recommendations: record.recommendations.map((rec) => ({ ...rec, text: r(rec.text) })),
      // Flags outside the body point into their own part, which the text never holds.
      flags: record.flags.map((f) =>
        inBody(f)
          ? { ...f, offset: at(f.offset), status: f.status === 'open' && !stillThere(f.text) ? 'redacted' : f.status }
          : f,
      ),
    },
  };
}

function inBody(flag: IdentifierFlag): boolean {
  return flagPart(flag) === 'body';
}

/** The parts of a .doc that its public copy goes without: its property sets and its embedded objects. */
const DOC_COPY_LEAVES_OUT = new Set(['properties', 'embedded-object']);

/**
 * Any file still holds whatever was redacted from its text, so once anything has been redacted
 * from the body the public gets the redacted text on the review page and not the file. A part
 * outside the body is never in the public copy (public-copy.ts), so redacting it withholds nothing;
 * but a text file cannot be rebuilt, nor a .doc beyond its document properties and embedded
 * objects, so one that had any other flag at all is withheld.
 */
export function fileWithheld(record: ReviewRecord): boolean {
  if (record.source.type === 'txt' && record.flags.length) return true;
  if (record.source.type === 'doc' && record.flags.some((f) => !DOC_COPY_LEAVES_OUT.has(flagPart(f)))) return true;
  return record.flags.some((f) => f.status === 'redacted' && inBody(f));
}
