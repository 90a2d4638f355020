import type { DocumentKind, ReviewType } from '../../model';
import { evidenceLine, sentencesOf, type Found } from './lines';

/** Each review type with the wordings that name it, the most specific first. */
const WORDINGS: [ReviewType, RegExp][] = [
  ['wales-cpr', /\b(?:concise|extended)?\s*child practice review\b|\b(?:concise|extended) (?:child practice )?review\b/i],
  ['national-review', /\bnational (?:child safeguarding practice )?review\b|\bchild safeguarding practice review panel\b(?! (?:decides|agreed|was notified|guidance))/i],
  ['lcspr', /\b(?:local )?child safeguarding practice review\b|\bchild practice safeguarding review\b|\bL?CSPR\b|\bsafeguarding practice review\b/i],
  ['scr', /\bserious case review\b|\bSCR\b/i],
  ['lessons-learned', /\blessons?[ -]learn(?:ed|t) review\b/i],
  ['multi-agency-review', /\bmulti[- ]agency (?:case |practice |learning )?review\b/i],
  ['learning-review', /\b(?:local |case |serious incident )?learning (?:and improvement )?(?:case )?review\b/i],
  ['rapid-review', /\brapid review\b/i],
];

/** The first wording in a line, by where it stands in the line. */
function typeIn(line: string): ReviewType | null {
  let best: { type: ReviewType; at: number } | null = null;
  for (const [type, re] of WORDINGS) {
    const m = re.exec(line);
    // "SCR" in a sentence is often an abbreviation list or another review; on a title line it names this one.
    if (m && (!best || m.index < best.at)) best = { type, at: m.index };
  }
  return best?.type ?? null;
}

/** A sentence that says what this report is ("This serious case review…", "The review was a Child Practice Review"). */
const SELF = /\b(?:this|the present|the following|a|an)\s+(?:(?:independent|multi-agency|statutory|thematic|concise|extended|local)\s+)*((?:\w+[ -]){0,4}review)\b/i;

/**
 * The review type: from the title page's first line that names one, else from how the introduction
 * speaks of this review, else from the type it mentions most (a rapid review is usually only the
 * step that decided on the review, so it counts last).
 */
export function reviewTypeOf(titlePage: string[], introduction: string): Found<ReviewType> | null {
  for (const line of titlePage) {
    const type = typeIn(line);
    if (type) return { value: type, evidence: evidenceLine(line) };
  }
  const sentences = sentencesOf(introduction);
  for (const s of sentences) {
    const self = SELF.exec(s);
    const type = self ? typeIn(self[0]) : null;
    if (type && type !== 'rapid-review') return { value: type, evidence: evidenceLine(s) };
  }
  const counts = new Map<ReviewType, { n: number; first: string }>();
  for (const s of sentences) {
    for (const [type, re] of WORDINGS) {
      const n = s.match(new RegExp(re.source, 'gi'))?.length ?? 0;
      if (!n) continue;
      const c = counts.get(type) ?? { n: 0, first: s };
      c.n += n;
      counts.set(type, c);
    }
  }
  const ranked = [...counts].sort(([a, x], [b, y]) => Number(a === 'rapid-review') - Number(b === 'rapid-review') || y.n - x.n);
  return ranked.length ? { value: ranked[0][0], evidence: evidenceLine(ranked[0][1].first) } : null;
}

/**
 * Whether the document is the full (overview) report, its executive summary, or a shorter summary
 * or briefing. A title page that offers both ("Executive Summary and Overview Report") is the report.
 */
export function documentKindOf(titlePage: string[], introduction: string): Found<DocumentKind> {
  const page = titlePage.join('\n');
  const full = /\b(?:overview|full|final) report\b/i.test(page);
  const exec = titlePage.find((l) => /\bexecutive summary\b/i.test(l) && !/\d\s*$/.test(l));
  if (exec && !full) return { value: 'executive-summary', evidence: evidenceLine(exec) };
  const brief = titlePage.find(
    (l) => /\b(?:summary|briefing|learning brief|(?:7|seven)[- ]minute)\b/i.test(l) && !/\bexecutive summary\b/i.test(l) && !/\d\s*$/.test(l) && (/\breview\b|\bSCR\b/i.test(l) || l.split(/\s+/).length <= 4),
  );
  if (brief && !full) return { value: 'summary', evidence: evidenceLine(brief) };
  if (!exec && !full) {
    const said = sentencesOf(introduction.slice(0, 3000)).find((s) => /\b(?:this|the present) (?:executive )?summary\b|\bto which this summary relates\b/i.test(s));
    if (said) return { value: 'executive-summary', evidence: evidenceLine(said) };
  }
  const line = titlePage.find((l) => /\b(?:overview|full|final) report\b/i.test(l));
  return { value: 'report', evidence: line ? evidenceLine(line) : '' };
}
