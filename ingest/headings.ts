import type { SectionKind } from '../model';

const NUMBERED = /^(?:\d+(?:\.\d+)*\.?\s+|section\s+\d+[:.]?\s+|appendix\s+\w+[:.]?\s*)/i;

/**
 * A short line with no closing punctuation that is numbered, in title case or very short reads
 * as a heading; a wrapped line of body text is usually longer and in sentence case.
 */
export function looksLikeHeading(text: string): boolean {
  const t = text.trim();
  if (t.length === 0 || t.length > 90 || /[.;,:\-]$/.test(t) || !/^[^a-z]/.test(t)) return false;
  const words = t.replace(NUMBERED, '').split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 12 || !/^[A-Z]/.test(words[0])) return false;
  if (NUMBERED.test(t) || words.length <= 4) return true;
  const long = words.filter((w) => w.length > 3);
  return long.filter((w) => /^[A-Z]/.test(w)).length >= long.length * 0.6;
}

/**
 * Heading wordings seen in published reviews, by the section they open. Order matters: first match
 * wins. "other" is for major headings that belong to none of the named kinds (a conclusion), so
 * the section before them ends there.
 */
const HEADINGS: [SectionKind, RegExp][] = [
  ['contents', /^(table of )?contents$/],
  ['executive-summary', /^(executive summary|summary( of (the )?(review|report|learning))?|summary report|overview|key messages)$/],
  ['terms-of-reference', /^((the )?terms of reference|scope( of (the )?review)?|review scope|(the )?scope and terms of reference|terms of reference and scope|key lines of enquiry)$/],
  ['methodology', /^(methodology( and process)?|(the )?review (process|methodology)|process of the review|approach( to the review)?|method|how the review was (carried out|conducted)|involvement of the family)$/],
  ['family-background', /^(family (background|composition|context|history)|(the )?family|background( to the (case|family|review)| information)?|the child and (the )?family|pen picture|the child)$/],
  ['chronology', /^(chronology( of (key )?events)?|summary of (events|agency involvement|key events)|key (practice )?episodes|case history|agency involvement|narrative( of events)?|events|the facts)$/],
  ['analysis', /^(analysis( of practice| and findings)?|findings( and (analysis|learning))?|learning|key (findings|learning|issues)|lessons (learned|learnt)|learning (points|themes)|practice issues|appraisal of practice|themes and learning)$/],
  ['recommendations', /^((the )?recommendations|recommendations? for (the )?(partnership|board|agencies)|single agency recommendations|partnership recommendations|recommendations and actions)$/],
  ['response', /^((the )?(partnership|board|lscb|safeguarding partnership)('s)? response|response (of|from) the (safeguarding )?(partnership|board)|action plan|next steps)$/],
  ['introduction', /^(introduction( and (context|background))?|purpose of the review|reason for (the|this) review|why (this|the) (case|review) (was chosen|was carried out)|circumstances leading to the review)$/],
  ['appendix', /^(appendix|annex|appendices|glossary|references|bibliography)\b/],
  ['other', /^(conclusions?|concluding (comments|remarks)|summary and conclusions?|final comments)$/],
];

function normaliseHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/^(\d+(\.\d+)*\.?|section\s+\d+[:.]?|part\s+\w+[:.]?|[ivx]+\.)\s*/, '')
    .replace(/[:.\s]+$/, '')
    .replace(/&/g, 'and')
    .replace(/\s+/g, ' ')
    .trim();
}

export function headingKind(text: string): SectionKind | null {
  const t = text.trim();
  if (t.length > 90 || /[.;,]$/.test(t)) return null;
  const normalised = normaliseHeading(text);
  for (const [kind, re] of HEADINGS) if (re.test(normalised)) return kind;
  return null;
}

/** Either a recognised section heading or a line shaped like one. */
export function isHeadingLine(text: string): boolean {
  return looksLikeHeading(text) || headingKind(text) !== null;
}
