import { evidenceLine, type Found } from './lines';

const PUBLISHED = /\b(?:published|publication(?:\s+date)?|date\s+of\s+publication|updated\s+for\s+publication|revised\s+for\s+publication|final\s+publication(?:\s+copy)?)\b\s*(?:date)?\s*[:\-–]?\s*(?:on\s+|in\s+)?(.{0,40})/i;
/** Dates on a title page that are of events, not of the report. */
const EVENT = /\b(?:date of (?:incident|birth|death)|incident|born|died|d\.o\.b|review initiated|criminal proceedings|initiated|commissioned|working together|regulations?|act)\b[^\n]{0,25}$/i;
const DATE_START = /^(?:\d{1,2}\s*(?:st|nd|rd|th)?\s+)?(?:[A-Za-z]{3,9}\.?,?\s+)?(?:\d{4}|\d{1,2}[./]\d{1,2}[./]\d{2,4})/;
const YEAR = /(?<![\d.,/])(?:(19[89]\d|20\d\d)|\d{1,2}[./]\d{1,2}[./](\d{2}|\d{4})|\d{1,2}[./]((?:19|20)\d\d))(?![\d])/g;

function yearsIn(text: string, now: number): { year: number; before: string }[] {
  const out: { year: number; before: string }[] = [];
  for (const m of text.matchAll(YEAR)) {
    const raw = m[1] ?? m[2] ?? m[3];
    const year = raw.length === 2 ? 2000 + Number(raw) : Number(raw);
    if (year <= now && year >= 1990) out.push({ year, before: text.slice(Math.max(0, m.index - 40), m.index) });
  }
  return out;
}

/**
 * The year the report was published: a "Published" / "Date of publication" line first, else the
 * latest date of the report on its title page (never an event's date, never a year still to come).
 */
export function yearOf(titlePage: string[], introduction: string, now = new Date()): Found<number> | null {
  const current = now.getUTCFullYear();
  for (const line of [...titlePage, ...introduction.slice(0, 1500).split('\n')]) {
    const label = PUBLISHED.exec(line);
    // The label's own date, straight after it ("Published: 20th August 2014", "published 13.03.18"), not a later year in the sentence.
    const date = label && DATE_START.exec(label[1]);
    const year = date ? yearsIn(date[0], current)[0]?.year : undefined;
    if (year) return { value: year, evidence: evidenceLine(line) };
  }
  let best: Found<number> | null = null;
  for (const line of titlePage) {
    for (const { year, before } of yearsIn(line, current)) {
      if (EVENT.test(before)) continue;
      if (!best || year > best.value) best = { value: year, evidence: evidenceLine(line) };
    }
  }
  return best;
}
