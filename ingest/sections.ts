import type { SectionKind } from '../model';
import type { Paragraph } from './clean';
import type { ContentsEntry } from './contents';
import { SUBSECTION_LABEL, headingKey, headingKind, looksLikeHeading } from './headings';

export interface SectionedParagraph extends Paragraph {
  section: SectionKind;
  /** Set on the paragraph that is the section's own heading. */
  heading?: string;
  /** A footnote's text, set after the body: it belongs to no section's span and no page's range. */
  footnote?: boolean;
}

/** Kinds a report has once: a second "Introduction" or "Summary" is a subsection of something else. */
const ONCE = new Set<SectionKind>(['introduction', 'executive-summary']);
const MAX_HEADING_WORDS = 14;
/** A page marker run into the heading after it ("Page 3 of 43 1. Introduction"). */
const PAGE_MARK = /^page \d{1,4}(?: of \d{1,4})? (?=\S)/i;


/**
 * The section a heading opens, if it is one: a known wording, or one of the report's divisions
 * that the contents list names in a wording of its own ("other"). A numbered subsection opens a section
 * only of a kind not met yet ("2.3 Terms of Reference" under an introduction), and the contents'
 * own subsections open none.
 */
function kindOf(text: string, entries: Map<string, ContentsEntry>, seen: Set<SectionKind>): SectionKind | null {
  // A contents line left in the text ("3.1 Introduction 21") names a heading but is not one.
  const printed = text.trim().match(/^(.*\S)\s+\d{1,3}$/)?.[1];
  if (printed && entries.has(headingKey(printed))) return null;
  const entry = entries.get(headingKey(text));
  const kind = headingKind(text) ?? (entry?.major && looksLikeHeading(text) ? 'other' : null);
  if (!kind) return null;
  if (ONCE.has(kind) && seen.has(kind)) return null;
  if ((SUBSECTION_LABEL.test(text.trim()) || entry?.sub) && (seen.has(kind) || kind === 'other')) return null;
  return kind;
}

/**
 * A heading run into the paragraph after it ("1. INTRODUCTION 1.1 This review…", "Introduction This
 * review…"), as happens when a PDF sets a heading on the same baseline or with no space below: split
 * off when the words before the body are a heading the contents list names, or a numbered or
 * capitalised known heading.
 */
function leadingHeading(text: string, entries: Map<string, ContentsEntry>): string | null {
  const rest = text.replace(PAGE_MARK, '');
  if (rest !== text && (headingKind(rest) || entries.has(headingKey(rest)))) return rest;
  const words = rest.split(' ');
  for (let n = Math.min(MAX_HEADING_WORDS, words.length - 3); n >= 1; n--) {
    const head = words.slice(0, n).join(' ');
    const next = words[n];
    if (!/^(?:[A-Z]|\d{1,2}\.\d)/.test(next) || /^[\d.]+$/.test(words[n - 1])) continue;
    const upper = (w: string) => w === w.toUpperCase() && /[A-Z]{2}/.test(w);
    const capitalised = upper(head) && (!upper(next) || /^\d/.test(next));
    const numbered = /^\d/.test(head) && looksLikeHeading(head);
    if (entries.has(headingKey(head)) || (headingKind(head) && (capitalised || numbered))) return head;
  }
  return null;
}

/**
 * Assign every paragraph to the section whose heading it follows; text before the first heading is
 * "other". The contents list, when the report has one, says which lines are headings.
 */
export function assignSections(paragraphs: Paragraph[], contents: ContentsEntry[] = [], front = ''): SectionedParagraph[] {
  const entries = new Map(contents.map((e) => [headingKey(e.title), e]));
  const body = paragraphs.slice(frontMatter(paragraphs, front));
  const title = paragraphs.slice(0, paragraphs.length - body.length).map((p) => ({ ...p, section: 'other' as const }));
  // Before the first heading the contents list names, a heading wording is title-page matter ("Executive Summary" under the title).
  const mapped = assign(body, entries, true);
  return [...title, ...(mapped.reached ? mapped.out : assign(body, entries, false).out)];
}

/** How many paragraphs at the start are the text before the contents list (the title page): they open no section. */
function frontMatter(paragraphs: Paragraph[], front: string): number {
  let at = 0;
  let n = 0;
  for (const p of paragraphs) {
    const text = p.text.replace(/\s+/g, ' ').trim();
    const found = front.indexOf(text, at);
    // Furniture taken out of the title page may leave a little between one paragraph and the next.
    if (!text || found < 0 || found - at > 40) break;
    at = found + text.length;
    n++;
  }
  return n;
}

function assign(paragraphs: Paragraph[], entries: Map<string, ContentsEntry>, fromFirstEntry: boolean): { out: SectionedParagraph[]; reached: boolean } {
  const seen = new Set<SectionKind>();
  let section: SectionKind = 'other';
  let reached = !fromFirstEntry || entries.size === 0;
  const out: SectionedParagraph[] = [];
  for (const p of paragraphs) {
    const head = headingKind(p.text) || entries.has(headingKey(p.text)) ? null : leadingHeading(p.text, entries);
    const body = head && p.text.replace(PAGE_MARK, '').slice(head.length + 1);
    const parts = head ? [{ ...p, text: head }, ...(body ? [{ ...p, text: body }] : [])] : [p];
    for (const part of parts) {
      if (!reached && entries.has(headingKey(part.text))) reached = true;
      const kind = reached ? kindOf(part.text, entries, seen) : null;
      if (kind) {
        section = kind;
        seen.add(kind);
        out.push({ ...part, section, heading: part.text });
      } else out.push({ ...part, section });
    }
  }
  return { out, reached };
}
