import type { Passage, Section, SectionKind } from '../model';
import { looksLikeHeading } from './headings';
import type { SectionedParagraph } from './sections';

export interface LaidOutText {
  text: string;
  sections: Section[];
  passages: Omit<Passage, 'themes'>[];
  pages: { num: number; start: number; end: number }[];
}

const MIN_PASSAGE = 60;
const NOT_PASSAGES = new Set<SectionKind>(['contents']);

/**
 * Lay the cleaned paragraphs out as one text with offsets: sections from their headings, and
 * passages from body paragraphs (short fragments merged into the next one so each passage reads alone).
 */
export function layOut(paragraphs: SectionedParagraph[]): LaidOutText {
  const parts: string[] = [];
  const sections: Section[] = [];
  const passages: Omit<Passage, 'themes'>[] = [];
  const pages = new Map<number, { start: number; end: number }>();
  let offset = 0;
  let pending: { text: string; page: number; offset: number; section: SectionKind } | null = null;

  const emit = () => {
    if (pending) passages.push({ id: `p${passages.length + 1}`, ...pending });
    pending = null;
  };

  for (const p of paragraphs) {
    if (p.section === 'contents') {
      if (p.heading) sections.push({ kind: 'contents', title: p.heading, start: offset, end: offset, page: p.page });
      continue;
    }
    if (parts.length) offset += 2;
    const start = offset;
    parts.push(p.text);
    offset += p.text.length;
    if (!p.footnote) {
      const range = pages.get(p.page);
      pages.set(p.page, { start: range?.start ?? start, end: offset });
    }

    if (p.heading) {
      emit();
      const last = sections[sections.length - 1];
      if (last) last.end = start;
      sections.push({ kind: p.section, title: p.heading, start, end: offset, page: p.page });
      continue;
    }
    if (sections.length && !p.footnote) sections[sections.length - 1].end = offset;
    if (NOT_PASSAGES.has(p.section) || looksLikeHeading(p.text)) continue;
    if (pending && pending.section === p.section) {
      // Joined as in the text, so that the passage is a true slice of it and offsets within it hold.
      pending.text += '\n\n' + p.text;
    } else {
      emit();
      pending = { text: p.text, page: p.page, offset: start, section: p.section };
    }
    if (pending.text.length >= MIN_PASSAGE) emit();
  }
  emit();
  return {
    text: parts.join('\n\n'),
    sections,
    passages,
    pages: [...pages].map(([num, r]) => ({ num, ...r })).sort((a, b) => a.num - b.num),
  };
}
