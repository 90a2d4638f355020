import type { AgeBand, Outcome } from '../../model';
import { evidenceLine, sentencesOf, type Found } from './lines';

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
const NUM = `(?:\\d{1,2}(?:\\.\\d)?|${NUMBER_WORDS.join('|')}|a|an)(?:\\s+and\\s+a\\s+half)?`;
const UNIT = '(?:days?|weeks?|months?|years?|yrs?)';
const ABOUT = '(?:nearly|almost|just|only|about|approximately|around|over|under|less than)\\s+';

export function numberOf(word: string): number {
  const w = word.toLowerCase().trim();
  const half = /and a half$/.test(w) ? 0.5 : 0;
  const base = w.replace(/\s+and\s+a\s+half$/, '');
  const i = NUMBER_WORDS.indexOf(base);
  return (i >= 0 ? i : base === 'a' || base === 'an' ? 1 : Number(base)) + half;
}

export function ageBandOf(amount: number, unit: string): AgeBand {
  const years = /y/i.test(unit) ? amount : /month/i.test(unit) ? amount / 12 : /week/i.test(unit) ? amount / 52 : amount / 365;
  if (years < 1) return 'under-1';
  if (years < 5) return '1-4';
  if (years < 11) return '5-10';
  if (years < 16) return '11-15';
  if (years < 18) return '16-17';
  return 'unknown';
}

/** Ways an age is written: "aged 16 years 9 months", "at the age of 7 weeks", "a four-month-old baby", "who was 3 years old", "less than two months old", "was fifteen when". */
const AGE_PATTERNS = [
  new RegExp(`\\b(?:aged|age of|ages of|then aged|now aged|at age|age)\\s+(?:${ABOUT})?(${NUM})(?:[\\s-]*(${UNIT}))?((?:\\s*(?:,\\s*(?:and|&)?|and|&)\\s*(?:${NUM})\\b(?:[\\s-]*${UNIT})?)*)`, 'gi'),
  new RegExp(`\\b(${NUM})[\\s-]+(${UNIT})[\\s-]+old\\b`, 'gi'),
  new RegExp(`\\b(?:was|were|is|being|just|only|than)\\s+(?:${ABOUT})?(${NUM})\\s+(${UNIT})\\b`, 'gi'),
  // "Young Person D was fifteen when he died": years, with the unit left unsaid.
  new RegExp(`\\b(?:was|were|is)\\s+(?:${ABOUT})?(${NUM})(?=\\s+(?:when|at the time)\\b)`, 'gi'),
];
/** Words before an age that make it someone else's. */
const NOT_THE_CHILD =
  /\b(?:mother|father|mum|dad|parents?|partner|step-?father|step-?mother|uncle|aunt|grand(?:mother|father|parent)s?|man|woman|adults?|carers?|siblings?|brothers?|sisters?|half[- ]siblings?|cousins?|friends?|perpetrator|he|she)\W+(?:\w+\W+){0,3}$|\b(?:was|were) (?:both )?$/i;
const ADULT_AFTER = /^\W{0,3}(?:mother|father|man|woman|parent|partner)/i;

interface Age {
  years: number;
  band: AgeBand;
  sentence: string;
}

function agesIn(sentence: string): Age[] {
  const out: Age[] = [];
  for (const re of AGE_PATTERNS) {
    for (const m of sentence.matchAll(re)) {
      const before = sentence.slice(Math.max(0, m.index - 40), m.index);
      const after = sentence.slice(m.index + m[0].length, m.index + m[0].length + 12);
      if ((NOT_THE_CHILD.test(before) && !/\b(?:was|were)\s*$/i.test(before)) || ADULT_AFTER.test(after)) continue;
      if (/^(?:a|an)$/i.test(m[1].trim()) && !m[2]) continue;
      const unit = m[2] ?? 'years';
      const first = numberOf(m[1]);
      const amounts = [{ n: first, unit }];
      // "now aged seven and four", "aged 7 years, and 22 months": several children at once.
      for (const more of (m[3] ?? '').matchAll(new RegExp(`\\b(${NUM})\\b(?:[\\s-]*(${UNIT}))?`, 'gi'))) amounts.push({ n: numberOf(more[1]), unit: more[2] ?? unit });
      for (const { n, unit: u } of amounts) {
        if (!Number.isFinite(n)) continue;
        const years = /y/i.test(u) ? n : /month/i.test(u) ? n / 12 : /week/i.test(u) ? n / 52 : n / 365;
        const band = ageBandOf(n, u);
        if (band !== 'unknown') out.push({ years, band, sentence });
      }
    }
  }
  return out;
}

const HARM_OR_DEATH = /\b(?:died|death|killed|injur\w*|harm\w*|hospital|found|suffered|abuse\w*|neglect\w*|exploit\w*)\b/i;

/**
 * The subject child's age band: an age told of the named child, else one told with what happened,
 * else the youngest child's. "Teenager" and "baby" count when no age is written.
 */
export function ageBandIn(sentences: string[], subject: RegExp | null): Found<AgeBand> | null {
  const all = sentences.flatMap(agesIn);
  const youngest = (ages: Age[]) => [...ages].sort((a, b) => a.years - b.years)[0];
  // Several children in one sentence ("two children aged 7 years, and 22 months"): the youngest.
  const first = (ages: Age[]) => (ages.length ? youngest(ages.filter((a) => a.sentence === ages[0].sentence)) : undefined);
  const pick =
    (subject ? first(all.filter((a) => subject.test(a.sentence))) : undefined) ??
    first(all.filter((a) => HARM_OR_DEATH.test(a.sentence))) ??
    youngest(all);
  if (pick) return { value: pick.band, evidence: evidenceLine(pick.sentence) };
  // A title page giving the dates of birth and death: "Born 15th July 2007 / Died 3rd March 2012".
  const lived = sentences[0]?.match(/\bBorn\b\s*:?\s*([^.]{0,30}?\b(?:19|20)\d\d)\b[^.]{0,10}?\bDied\b\s*:?\s*([^.]{0,30}?\b(?:19|20)\d\d)\b/i);
  const born = lived && Date.parse(lived[1].replace(/(\d)(?:st|nd|rd|th)\b/g, '$1'));
  const died = lived && Date.parse(lived[2].replace(/(\d)(?:st|nd|rd|th)\b/g, '$1'));
  if (lived && born && died && died > born) {
    const band = ageBandOf((died - born) / (365.25 * 24 * 3600 * 1000), 'years');
    if (band !== 'unknown') return { value: band, evidence: evidenceLine(lived[0]) };
  }
  const words: [RegExp, AgeBand][] = [
    [/\b(?:new[- ]?born|baby|babies|infant|infancy|neonate)\b/i, 'under-1'],
    [/\b(?:toddler)\b/i, '1-4'],
    [/\b(?:teenager|teenage|adolescent)\b/i, '11-15'],
  ];
  // The title page (sentences[0]) runs into glossaries and contents ("Child and Adolescent Mental Health"): words count there only in the title.
  for (const [re, band] of words) {
    const s = sentences.slice(1).find((x) => re.test(x.replace(/\bChild and Adolescent\b/gi, '')) && (!subject || subject.test(x) || HARM_OR_DEATH.test(x)));
    if (s) return { value: band, evidence: evidenceLine(s) };
  }
  return null;
}

/** Sentences quoting the criteria for a review ("a child dies or is seriously harmed") say nothing of this child. */
const CRITERIA = /\b(?:di(?:es|ed)|death)\b[^.]{0,40}\bor\b[^.]{0,30}\bserious|\bserious(?:ly)?\s+(?:harm\w*|injur\w*)[^.]{0,20}\bor\b[^.]{0,20}\b(?:di(?:es|ed)|death)\b|\bchild death (?:overview|review)|\bcriteria\b|\bworking together\b|\bstatutory guidance\b/i;
const DIED =
  /\b(?:died|dies|death|deaths|dead|killed|(?:tragic )?loss of (?:their|her|his) (?:child|son|daughter|baby)|fatal(?:ly)?|sudi|suicide|took (?:his|her|their) own li(?:fe|ves)|manslaughter|murder(?:ed)?|passed away|drowned|drowning|suffocated|asphyxia\w*)\b/i;
const HARMED =
  /\b(?:serious(?:ly)? (?:harm(?:ed)?|injur\w*|assault\w*|ill)|significant(?:ly)? harm\w*|injur(?:y|ies|ed)|life[- ]changing|fractur\w*|non[- ]accidental|sexual(?:ly)? (?:abuse[d]?|exploit\w*|assault\w*)|neglect(?:ed)?|brought into care|taken into (?:police protection|care)|placed (?:in|with) (?:foster|local authority)|care proceedings|exploit(?:ed|ation)|abused|overdose\w*|assaulted|burns?|bruis(?:e|es|ed|ing)|stabbed|stabbing|scald\w*|malnourished|head trauma)\b/i;

/** Died, else seriously harmed, from how the opening tells what happened. */
export function outcomeIn(sentences: string[]): Found<Outcome> | null {
  const told = sentences.filter((s) => !CRITERIA.test(s));
  const died = told.find((s) => DIED.test(s));
  if (died) return { value: 'died', evidence: evidenceLine(died) };
  const harmed = told.find((s) => HARMED.test(s));
  return harmed ? { value: 'serious-harm', evidence: evidenceLine(harmed) } : null;
}

/**
 * The child's gender where the text states it: "a baby boy", "a 16-year-old girl", or the
 * pronouns used in clauses that name the child ("Child A was 9 weeks old when he died").
 */
export function genderIn(sentences: string[], subject: RegExp | null): Found<'female' | 'male'> | null {
  const stated = /\b(?:baby|infant|\d+[- ]?(?:years?|months?|weeks?)[- ]?old|(?:[a-z]+[- ])?(?:year|month|week)[- ]old|young|teenage|little|older|younger)\s+(boy|girl|son|daughter)\b/i;
  for (const s of sentences) {
    const m = stated.exec(s);
    if (m && (!subject || subject.test(s) || HARM_OR_DEATH.test(s))) return { value: /boy|son/i.test(m[1]) ? 'male' : 'female', evidence: evidenceLine(s) };
  }
  const name = subject ?? /\b(?:Child|Baby|Young Person) [A-Z]\b/;
  let she = 0;
  let he = 0;
  let evidence = '';
  // Within one clause: after a comma the pronoun is as likely to be a parent's.
  const clause = new RegExp(`(?:${name.source})[^.,;]{0,80}?\\b(she|her|he|his|him)\\b`, 'g');
  const count = (pronoun: string, s: string) => {
    if (/^(?:she|her)$/i.test(pronoun)) she++;
    else he++;
    evidence ||= s;
  };
  for (const s of sentences) for (const m of s.matchAll(clause)) count(m[1], s);
  if (she + he === 0) {
    // Failing that, a sentence opening with a pronoun right after one whose subject is the child.
    const leads = new RegExp(`^(?:[\\d.]+\\s+)?(?:${name.source})`);
    for (const [i, s] of sentences.entries()) {
      const opens = /^(She|He|Her|His)\b/.exec(sentences[i + 1] ?? '');
      if (opens && leads.test(s) && !/\b(?:mother|father|mum|dad|parents?|partner|sibling|brother|sister)\b/i.test(s)) count(opens[1], s);
    }
  }
  if (she + he === 0) return null;
  const value = she > he * 2 ? 'female' : he > she * 2 ? 'male' : null;
  return value ? { value, evidence: evidenceLine(evidence) } : null;
}

export { sentencesOf };
