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
 * Words that are never part of a person's name: those capitalised only because they open a
 * sentence or a title ("In March", "When Mother"), and the words of the names of services,
 * reviews, bodies and roles ("Serious Case Review", "Kestrelmoor Safeguarding Children Board", "Lead
 * Reviewer"). A name lies between them.
 */
const NEVER_IN_NAMES = new Set(
  ('a an the in on at by for from of to with within without into onto upon about after before during since until following ' +
    'throughout through between among against despite under over when where while whilst whether if as although though because ' +
    'but and or nor so then thus therefore however also this that these those there here it its he she they we you his her ' +
    'their our my your him them us who what which why how all both each every some any no not none once later earlier ' +
    'subsequently again only such other another further finally first next many most more much several few together ' +
    'safeguarding children childrens partnership partnerships board boards review reviews practice serious thematic services ' +
    'service social care health healthy mental adolescent adolescents adult adults team teams unit foundation council county ' +
    'borough district authority police constabulary hospital clinical commissioning group education help youth offending ' +
    'probation protection plan conference committee domestic abuse violence multi agency agencies executive summary overview ' +
    'report introduction terms reference recommendations findings conclusions community primary secondary ' +
    'school schools academy college university department centre center ltd limited independent consultant consultancy reviewer ' +
    'lead author date publication version final draft visitor programme training associates director manager officer worker ' +
    'local national regional learning lessons learned working midlands city harm grievous bodily sexual exploitation safer sleep ' +
    'elective designation relationship subject response document briefing practitioner practitioners guidance assurance ' +
    'standards death maternal paternal').split(' '),
);

/** Words that may be a surname but that a run of nothing else ("North East", "In March") never makes a name of. */
const PLACE_AND_TIME_WORDS = new Set(
  'north south east west northern southern eastern western central case early court january february march july september october november december'.split(' '),
);

/**
 * Whether compromise could find a name here that passes the tests below: two or more capitalised
 * words with no word between them that is never in a name, starting from a word that is not a
 * role or article, not all of them words of places and times, within 40 characters of a family
 * role. Every name the tests keep lies inside such a run, so skipping the other sentences changes
 * nothing but the time (compromise is nearly all of the scan's cost).
 */
function mayNameSomeone(sentence: string): boolean {
  for (const run of sentence.matchAll(CAPITALISED_RUN)) {
    let at = run.index ?? 0;
    let words: { word: string; at: number }[] = [];
    for (const word of run[0].split(/[ -]/)) {
      if (NEVER_IN_NAMES.has(word.toLowerCase())) {
        if (couldBeName(sentence, words)) return true;
        words = [];
      } else words.push({ word, at });
      at += word.length + 1;
    }
    if (couldBeName(sentence, words)) return true;
  }
  return false;
}

function couldBeName(sentence: string, words: { word: string; at: number }[]): boolean {
  if (words.length < 2) return false;
  if (!words.slice(0, -1).some((w) => !NOT_NAMES.test(w.word))) return false;
  if (words.every((w) => PLACE_AND_TIME_WORDS.has(w.word.toLowerCase()) || NOT_NAMES.test(w.word))) return false;
  const start = words[0].at;
  const end = words[words.length - 1].at + words[words.length - 1].word.length;
  return FAMILY_ROLE.test(sentence.slice(Math.max(0, start - 40), end + 40));
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
      // The mail pattern tries every word as the start of an address: most passages have no "@" at all.
      if (kind === 'email' && !p.text.includes('@')) continue;
      for (const m of p.text.matchAll(re)) {
        const text = (m[1] ?? m[0]).trim();
        add(kind, text, p, (m.index ?? 0) + m[0].indexOf(text));
      }
    }
    for (const name of namesNearRoles(p.text)) add('name', name, p, p.text.indexOf(name));
  }
  return flags;
}
