import type { IdentifierFlag } from '../model';
import type { HiddenText } from './extractors/extractor';
import { scanIdentifiers } from './identifiers';

/**
 * Words that make a properties value an account, a program or an organisation rather than a
 * person: the usual values of Author and Last Modified By that are no one's name.
 */
const NOT_A_PERSON =
  /\b(microsoft|office|word|excel|adobe|acrobat|libreoffice|openoffice|writer|windows|user|users|admin|administrator|owner|author|unknown|default|guest|staff|support|reception|team|unit|department|dept|council|borough|county|city|district|board|partnership|safeguarding|children|childrens|children's|services?|nhs|trust|ltd|limited|plc|llp|inc|local|authority|lscb|lcsp|scp|review|reviews|document|report|template|school|academy|police|health|hospital|clinic|centre|center|group|committee|secretariat|business|support|manager|officer|clerk|employee|worker|student|pupil|teacher|child|baby|mother|father|family|area)\b/i;

const NAME_WORD = /^(?:(?:Mc|Mac|O['’]|D['’])?[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)*|[A-Z]\.?)$/;

/**
 * Whether a field that holds whoever wrote or saved the file holds a person's name: two to four
 * capitalised words (initials allowed, "Surname, Forename" too), none of them the words of an
 * account, a program or an organisation. A practitioner's or a relative's name there identifies
 * the family as surely as one in the text.
 */
export function looksLikePersonName(value: string): boolean {
  const v = value.trim();
  if (!v || v.length > 60 || /[\d@\\/_]/.test(v) || NOT_A_PERSON.test(v)) return false;
  const comma = /^([^,]+),\s*([^,]+)$/.exec(v);
  const words = (comma ? `${comma[2]} ${comma[1]}` : v).split(/\s+/);
  if (words.length < 2 || words.length > 4 || !words.every((w) => NAME_WORD.test(w))) return false;
  // At least one word is more than an initial: "J. S." names no one.
  return words.some((w) => w.replace(/\.$/, '').length > 1);
}

/**
 * Scan the text a file carries outside its body with the same scan as the body, each flag saying
 * where it was found; fields that hold a person's name are flagged when they hold one.
 */
export function scanHiddenParts(hidden: HiddenText[]): IdentifierFlag[] {
  const flags: IdentifierFlag[] = [];
  const seen = new Set<string>();
  const add = (f: IdentifierFlag) => {
    const key = `${f.kind}:${f.text}:${f.part}:${f.where}`;
    if (seen.has(key)) return;
    seen.add(key);
    flags.push(f);
  };
  for (const h of hidden) {
    const located = { part: h.part, where: h.where };
    for (const f of scanIdentifiers([{ text: h.text, page: h.page ?? 1, offset: 0 }])) add({ ...f, ...located });
    if (h.person && looksLikePersonName(h.text)) add({ kind: 'name', text: h.text.trim(), page: h.page ?? 1, offset: 0, status: 'open', ...located });
  }
  return flags;
}
