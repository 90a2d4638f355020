import type { SectionKind } from '../model';
import { looksLikeHeading, type Paragraph } from './clean';

/** Heading wordings seen in published reviews, by the section they open. Order matters: first match wins. */
const HEADINGS: [SectionKind, RegExp][] = [
  ['contents', /^(table of )?contents$/],
  ['executive-summary', /^(executive summary|summary( of the review| report)?|overview)$/],
  ['terms-of-reference', /^(terms of reference|scope( of the review)?|review scope|key lines of enquiry|scope and terms of reference)$/],
  ['methodology', /^(methodology|review (process|methodology)|the review process|process of the review|approach( to the review)?|method)$/],
  ['family-background', /^(family (background|composition|context|history)|the family|background( to the case| information)?|the child and family|pen picture)$/],
  ['chronology', /^(chronology|summary of (events|agency involvement)|key (practice )?episodes|case history|agency involvement|narrative( of events)?|events)$/],
  ['analysis', /^(analysis|findings|analysis and findings|findings and analysis|learning|key (findings|learning|issues)|lessons learned|learning (points|themes)|practice issues|analysis of practice)$/],
  ['recommendations', /^(recommendations|recommendations? for (the )?(partnership|board|agencies)|single agency recommendations|partnership recommendations)$/],
  ['response', /^((partnership|board|lscb|safeguarding partnership) response|response (of|from) the (partnership|board)|action plan|next steps)$/],
  ['introduction', /^(introduction|purpose of the review|reason for the review|why this case was chosen|circumstances leading to the review)$/],
  ['appendix', /^(appendix|annex|appendices|glossary|references|bibliography)\b/],
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
  if (!looksLikeHeading(text)) return null;
  const normalised = normaliseHeading(text);
  for (const [kind, re] of HEADINGS) if (re.test(normalised)) return kind;
  return null;
}

export interface SectionedParagraph extends Paragraph {
  section: SectionKind;
  /** Set on the paragraph that is the section's own heading. */
  heading?: string;
}

/** Assign every paragraph to the section whose heading it follows; text before the first heading is "other". */
export function assignSections(paragraphs: Paragraph[]): SectionedParagraph[] {
  let section: SectionKind = 'other';
  return paragraphs.map((p) => {
    const kind = headingKind(p.text);
    if (kind) {
      section = kind;
      return { ...p, section, heading: p.text };
    }
    return { ...p, section };
  });
}
