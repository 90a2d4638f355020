import type { IdentifierFlag, IdentifierKind } from '../model';

/** compromise takes most of a second to load and most texts never need it: loaded on the first sentence that does. */
let nlpModule: typeof import('compromise').default | undefined;
function nlp(text: string) {
  // The package is CommonJS in Node and ES in bundlers: take its function whichever way it comes.
  const loaded = require('compromise') as typeof import('compromise') & { default?: typeof import('compromise').default };
  nlpModule ??= loaded.default ?? (loaded as unknown as typeof import('compromise').default);
  return nlpModule(text);
}

interface Located {
  text: string;
  page: number;
  offset: number;
}

const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const FULL_DATE = `(?:\\d{1,2}[/.-]\\d{1,2}[/.-](?:19|20)?\\d{2}|\\d{1,2}(?:st|nd|rd|th)? ${MONTH},? (?:19|20)\\d{2})`;
const STREET =
  'Road|Rd|Street|St|Avenue|Ave|Close|Lane|Drive|Way|Crescent|Gardens|Terrace|Court|Place|Grove|Row|Walk|Mews|Square|Hill|Rise|View|Park|Parade|Green';

/** Each pattern flags its first capture group when it has one, else the whole match. */
const PATTERNS: [IdentifierKind, RegExp][] = [
  ['postcode', /\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b/g],
  ['email', /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g],
  ['nhs-number', /\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/g],
  ['phone', /(?:\+44\s?|\b0)(?:\d[\s-]?){9,10}\b/g],
  // A full date of birth after its cue, and any full numeric date: anonymised reports give months and years only.
  ['date-of-birth', new RegExp(`\\b(?:born on|date of birth(?: is| was)?|d\\.?o\\.?b\\.?)[:\\s]+(${FULL_DATE})`, 'gi')],
  ['date-of-birth', /\b(\d{1,2}\/\d{1,2}\/(?:19|20)\d{2})\b/g],
  ['address', new RegExp(`\\b\\d{1,4}[a-z]? (?:[A-Z][a-z]+ ){1,2}(?:${STREET})\\b`, 'g')],
  ['school', /\b(?:[A-Z][a-z]+ ){1,3}(?:Primary|Secondary|High|Junior|Infant|Community|Grammar|Nursery)(?: School| Academy)?\b|\b(?:[A-Z][a-z]+ ){1,3}Academy\b/g],
  ['gp-practice', /\b(?:[A-Z][a-z]+ ){1,3}(?:Medical Centre|Surgery|Health Centre|Medical Practice|Family Practice|Group Practice)\b/g],
];

const FAMILY_ROLE = /\b(mother|father|mum|dad|stepfather|step-father|stepmother|grandmother|grandfather|partner|boyfriend|girlfriend|uncle|aunt|brother|sister|sibling|carer|child)\b/i;

/** Words that read as capitalised names in reports but are roles, pseudonyms or organisations. */
const NOT_NAMES = /^(child|baby|mother|father|sibling|adult|young person|person|family|area|mr|mrs|ms|the)\b/i;

/** Runs of two or more capitalised words: where a full name can be. */
const CAPITALISED_RUN = /\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+\b/g;

/**
 * Whether compromise could find a name here that passes the tests below: a capitalised run with
 * two words from a word that is not a role or article, and a family role within 40 characters of
 * it. Every name the tests keep lies inside such a run, so skipping the other sentences changes
 * nothing but the time (compromise is nearly all of the scan's cost).
 */
function mayNameSomeone(sentence: string): boolean {
  for (const run of sentence.matchAll(CAPITALISED_RUN)) {
    const words = run[0].split(/[ -]/);
    if (!words.slice(0, -1).some((w) => !NOT_NAMES.test(w))) continue;
    const start = run.index ?? 0;
    if (FAMILY_ROLE.test(sentence.slice(Math.max(0, start - 40), start + run[0].length + 40))) return true;
  }
  return false;
}

/**
 * Full names (two or more words) that compromise recognises as people and that stand near a
 * family role. compromise only reads the sentences that could hold one.
 */
function namesNearRoles(text: string): string[] {
  const sentences = text.match(/[^.!?]+[.!?]*/g) ?? [];
  const names: string[] = [];
  for (const sentence of sentences) {
    if (!mayNameSomeone(sentence)) continue;
    const people = nlp(sentence).people().out('array') as string[];
    for (const raw of people) {
      const p = raw.replace(/[.,;:'’s]+$/, '').trim();
      if (p.split(/\s+/).length < 2 || !/^[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+$/.test(p) || NOT_NAMES.test(p)) continue;
      const i = sentence.indexOf(p);
      if (i >= 0 && FAMILY_ROLE.test(sentence.slice(Math.max(0, i - 40), i + p.length + 40))) names.push(p);
    }
  }
  return names;
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
      for (const m of p.text.matchAll(re)) {
        const text = (m[1] ?? m[0]).trim();
        add(kind, text, p, (m.index ?? 0) + m[0].indexOf(text));
      }
    }
    for (const name of namesNearRoles(p.text)) add('name', name, p, p.text.indexOf(name));
  }
  return flags;
}
