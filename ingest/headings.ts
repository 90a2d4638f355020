import type { SectionKind } from '../model';

const NUMBERED = /^(?:\d+(?:\.\d+)*\.?\s+|(?:section|part|chapter)\s+\w+[:.]?\s+|appendix\s+\w+[:.]?\s*)/i;

/**
 * A short line with no closing punctuation that is numbered, in title case or very short reads
 * as a heading; a wrapped line of body text is usually longer and in sentence case.
 */
export function looksLikeHeading(text: string): boolean {
  const t = text.trim();
  if (t.length === 0 || t.length > 90 || /[.;,:\-]$/.test(t) || !/^[^a-z]/.test(t)) return false;
  const words = t.replace(NUMBERED, '').split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 12 || !/^[A-Z]/.test(words[0])) return false;
  if (words.length <= 4) return true;
  const long = words.filter((w) => w.length > 3);
  // A numbered line of sentence-case words is the first line of a numbered paragraph.
  return long.filter((w) => /^[A-Z]/.test(w)).length >= long.length * 0.6 || (NUMBERED.test(t) && words.length <= 8);
}

const ORDINAL = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen';

/**
 * A heading's number or label, as reports print it: "1.", "1", "2.3", "Section 4:", "SECTION ONE –",
 * "PART ONE", "Part 2:", "Chapter 3", roman "IV.", a letter "A.".
 */
const LABEL = new RegExp(
  `^(?:(?:section|part|chapter)\\s+(?:\\d+|[ivx]+|${ORDINAL})\\b\\s*[:.–—-]?|\\d{1,2}(?:\\.\\d{1,2})*\\.?(?=\\s|[A-Za-z])|[ivx]{1,5}\\.(?=\\s)|[ivx]{1,5}(?=\\s+[A-Z]{2})|[A-H]\\.(?=\\s))\\s*`,
  'i',
);

/** A subsection number ("2.3") rather than a section's. */
export const SUBSECTION_LABEL = /^\d{1,2}\.\d{1,2}/;

/**
 * Heading wordings seen in published reviews, by the section they open. Order matters: first match
 * wins. "other" is for major headings that belong to none of the named kinds (a conclusion, the
 * reviewer's independence), so the section before them ends there.
 */
const HEADINGS: [SectionKind, RegExp][] = [
  ['contents', /^(table of |list of )?contents?$/],
  [
    'introduction',
    /^(introduction( (to|and|of) .*)?|purpose of (the|this) (review|scr|report|serious case review)|reasons? for (the|this) (serious case )?review|why (this|the) (case|review) (was chosen|was carried out|was conducted|is being reviewed)|why this case is being reviewed|(summary of )?(the )?circumstances (that led|leading) to (the|this) ((serious case |safeguarding practice |child practice )?review|scr|cspr|lcspr)|events leading to (the|this) .*review|decision to (hold|undertake|conduct|commission) (a|the|this) .*review|background to (the|this) (review|report|scr|serious case review|practice review)|what this review is about|trigger event.*|context of (the|this) (serious case )?review)$/,
  ],
  ['recommendations', /^((the )?recommendations?( (for|of|by|from|arising|made|and|to) .*)?|improving systems and practice|[a-z' -]{0,40} recommendations|(conclusions?|findings|analysis)( and| &|\/) ?recommendations)$/],
  [
    'executive-summary',
    /^(executive summary|summary( of (the )?(review|report|learning|case|findings))?|summary report|overview|key messages|case summary|(brief|succinct) summary of (the )?case( and .*)?|summary and key learning)$/,
  ],
  [
    'terms-of-reference',
    /^((brief summary of )?(the )?terms of reference( \(tor\))?( and .*)?|scope( of (the|this) review)?|review scope|scoping period|(the )?scope and terms of reference|terms of reference and scope|key lines of enquiry|research questions|purpose,? scope( and| &) (conduct|terms|methodology).*|time ?frame|timescales?|time scales)$/,
  ],
  [
    'methodology',
    /^(methodology\b.*|(the )?(scr|serious case review|review|learning) process( and methodology)?|the process|process of the review|approach( to the review)?|method|how (this|the) review was (carried out|conducted|undertaken)|the (scr|review): process and methodology|(involvement of (the )?family( members)?|family involvement)|the review panel|panel|(the )?process|(serious case )?review panel( members)?|individual management reviews?( and .*)?|arrangements for the (serious case )?review|organisations involved in the review|family engagement|parental (involvement|views)|(family|practitioner|parental)( and practitioner)? perspectives|perceptions of the family|(brief )?summary of the review process)$/,
  ],
  [
    'family-background',
    /^(family (background|composition|context|history|structure|composition and context)( and .*)?|(the )?family|background( to the (case|family)| information)?|the child and (his |her |the )?family|pen picture|the child|the facts and family|(a )?brief background.*|genogram|family identifiers)$/,
  ],
  [
    'chronology',
    /^(chronology( of (key )?events)?|(integrated|combined) chronology|summary of (events|agency involvement|key events)|key (practice )?episodes.*|chronological sequence of events|summary of (contact and )?significant events|summary of facts|key events with analysis.*|personal development and key events|key events( and practice .*)?|case history|case narrative.*|agency involvement|narrative( of events)?|events|the facts.*|summary timeline|timeline|the review period.*|(circumstances and )?significant events.*|factual information|professional involvement with .*|the story of .*)$/,
  ],
  [
    'analysis',
    /^(analysis\b.*|(thematic|practice) analysis.*|findings\b.*|learning( (points|themes|from (this|the) (case|review)))?|key (findings|learning|issues|themes)|lessons (learned|learnt|to be learnt)|appraisal of (professional )?practice.*|practice (issues|and organisational learning)|themes( and learning)?|response to (the )?terms of reference.*|discussion|(review|overall) findings|areas of practice learning|lessons learnt and conclusions?|key learning points.*|consideration of key research questions|learning from .*)$/,
  ],
  [
    'response',
    /^((the )?(partnership|board|lscb|scb|safeguarding partnership|safeguarding children (board|partnership))('s)? response.*|response (of|from) the (safeguarding )?(partnership|board).*|action plan|next steps|changes to practice|implementation of (the )?learning|changes\/improvements to .*)$/,
  ],
  ['appendix', /^(appendix|annex|appendices|glossary|references|bibliography)\b/],
  [
    'other',
    /^(conclusions?( and .*)?|concluding (comments|remarks)|summary and conclusions?|final comments|good practice|acknowledgements?|(statement of )?(reviewer |author )?independence|(the )?(lead|independent) (reviewer|author)s?|independent overview (writer|author)|about the (author|reviewer)|expert leads? panel|(areas of )?good practice|preface|confidentiality|parallel processes|foreword)$/,
  ],
];

/** A heading without its number or label ("2.3 Terms of Reference" -> "Terms of Reference"). */
export function headingTitle(text: string): string {
  return text.trim().replace(LABEL, '').replace(/^[–—:-]\s*/, '').trim();
}

/** A heading as compared with a contents entry: without its number, case or punctuation. */
export function headingKey(text: string): string {
  return headingTitle(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function normaliseHeading(text: string): string {
  return headingTitle(text)
    .toLowerCase()
    .replace(/[’]/g, "'")
    .replace(/[:.\s–—-]+$/, '')
    .replace(/&/g, 'and')
    .replace(/\s+/g, ' ')
    .trim();
}

export function headingKind(text: string): SectionKind | null {
  const t = text.trim();
  // A paragraph number inside the line ("1. Introduction 1.1 On …") is the body run on after a heading.
  if (t.length > 90 || /[.;,]$/.test(t) || /\s\d{1,2}\.\d{1,2}\s/.test(t)) return null;
  const normalised = normaliseHeading(text);
  if (!normalised) return null;
  for (const [kind, re] of HEADINGS) if (re.test(normalised)) return kind;
  return null;
}

/** Either a recognised section heading or a line shaped like one. */
export function isHeadingLine(text: string): boolean {
  return looksLikeHeading(text) || headingKind(text) !== null;
}
