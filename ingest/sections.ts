import type { SectionKind } from '../model';
import type { Paragraph } from './clean';
import { headingKind } from './headings';

export interface SectionedParagraph extends Paragraph {
  section: SectionKind;
  /** Set on the paragraph that is the section's own heading. */
  heading?: string;
  /** A footnote's text, set after the body: it belongs to no section's span and no page's range. */
  footnote?: boolean;
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
