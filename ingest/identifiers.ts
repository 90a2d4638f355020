import nlp from 'compromise';
import type { IdentifierFlag, IdentifierKind } from '../model';

interface Located {
  text: string;
  page: number;
  offset: number;
}

const PATTERNS: [IdentifierKind, RegExp][] = [
  ['postcode', /\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b/g],
  ['email', /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g],
  ['nhs-number', /\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/g],
  ['phone', /(?:\+44\s?|\b0)(?:\d[\s-]?){9,10}\b/g],
  [
    'date-of-birth',
    /\b(?:born on|date of birth|d\.?o\.?b\.?)[:\s]+(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]+ \d{4})/gi,
  ],
  ['address', /\b\d{1,4}[a-z]? [A-Z][a-z]+(?: [A-Z][a-z]+)? (?:Road|Street|Avenue|Close|Lane|Drive|Way|Crescent|Gardens|Terrace|Court|Place|Grove)\b/g],
  ['school', /\b(?:[A-Z][a-z]+ ){1,3}(?:Primary|Secondary|High|Junior|Infant|Community|Academy|Grammar)(?: School| Academy)?\b/g],
  ['gp-practice', /\b(?:[A-Z][a-z]+ ){1,3}(?:Medical Centre|Surgery|Health Centre|Medical Practice|Family Practice)\b/g],
];

const FAMILY_ROLE = /\b(mother|father|mum|dad|stepfather|step-father|stepmother|grandmother|grandfather|partner|boyfriend|girlfriend|uncle|aunt|brother|sister|sibling|carer|child)\b/i;

/** Words that read as capitalised names in reports but are roles or pseudonyms. */
const NOT_NAMES = /^(child|baby|mother|father|sibling|adult|young person|person|family|area|mr|mrs|ms|the)\b/i;

/** Full names (two or more words) that compromise recognises as people and that stand near a family role. */
function namesNearRoles(text: string): string[] {
  const people = nlp(text).people().out('array') as string[];
  return people
    .map((p) => p.replace(/[.,;:'’s]+$/, '').trim())
    .filter((p) => p.split(/\s+/).length >= 2 && /^[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+$/.test(p) && !NOT_NAMES.test(p))
    .filter((p) => {
      const i = text.indexOf(p);
      return i >= 0 && FAMILY_ROLE.test(text.slice(Math.max(0, i - 40), i + p.length + 40));
    });
}

/**
 * Flag what looks like a personal identifier left in an anonymised report. Over-flagging is the
 * safe side: an editor dismisses a false flag, while a missed one would reach the public.
 */
export function scanIdentifiers(passages: Located[]): IdentifierFlag[] {
  const flags: IdentifierFlag[] = [];
  const seen = new Set<string>();
  const add = (kind: IdentifierKind, text: string, p: Located, index: number) => {
    const key = `${kind}:${text}:${p.page}`;
    if (seen.has(key)) return;
    seen.add(key);
    flags.push({ kind, text, page: p.page, offset: p.offset + Math.max(index, 0), status: 'open' });
  };
  for (const p of passages) {
    for (const [kind, re] of PATTERNS) {
      for (const m of p.text.matchAll(re)) add(kind, m[0].trim(), p, m.index ?? 0);
    }
    for (const name of namesNearRoles(p.text)) add('name', name, p, p.text.indexOf(name));
  }
  return flags;
}
