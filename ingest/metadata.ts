import type { AgeBand, Nation, Outcome, ReviewMetadata, ReviewType } from '../model';

export const ENGLISH_REGIONS = [
  'North East',
  'North West',
  'Yorkshire and the Humber',
  'East Midlands',
  'West Midlands',
  'East of England',
  'London',
  'South East',
  'South West',
];

const AREA = /\b((?:[A-Z][a-z]+[ -]){1,4}(?:Safeguarding Children(?:'s)? (?:Partnership|Board)|Safeguarding (?:Children )?Partnership|Local Safeguarding Children Board|Regional Safeguarding Children Board|LSCB|SCP))\b/;

function reviewTypeOf(text: string): ReviewType | null {
  if (/\bchild practice review\b/i.test(text)) return 'wales-cpr';
  if (/\blocal child safeguarding practice review\b|\bLCSPR\b/i.test(text)) return 'lcspr';
  if (/\bserious case review\b|\bSCR\b/.test(text)) return 'scr';
  if (/\blessons?[ -]learn(?:ed|t) review\b/i.test(text)) return 'lessons-learned';
  return null;
}

export function ageBandOf(amount: number, unit: string): AgeBand {
  const years = /year/i.test(unit) ? amount : /month/i.test(unit) ? amount / 12 : /week/i.test(unit) ? amount / 52 : amount / 365;
  if (years < 1) return 'under-1';
  if (years < 5) return '1-4';
  if (years < 11) return '5-10';
  if (years < 16) return '11-15';
  if (years < 18) return '16-17';
  return 'unknown';
}

function firstMatch(text: string, re: RegExp): RegExpMatchArray | null {
  return text.match(re);
}

/**
 * Metadata read from the report's own words. Every field found here is marked as inferred;
 * a manifest row, when given, overrides it (see applyManifest).
 */
export function inferMetadata(frontText: string, fullText: string, fileName: string): ReviewMetadata {
  const inferred: string[] = [];
  const mark = <T>(field: string, value: T | null): T | null => {
    if (value !== null) inferred.push(field);
    return value;
  };
  const title = mark('title', titleOf(frontText)) ?? fileName.replace(/\.[a-z0-9]+$/i, '').replace(/[-_]+/g, ' ');
  const area = mark('area', firstMatch(frontText, AREA)?.[1]?.trim() ?? firstMatch(fullText, AREA)?.[1]?.trim() ?? null);
  const reviewType = mark('reviewType', reviewTypeOf(frontText) ?? reviewTypeOf(fullText.slice(0, 20000))) ?? 'other';
  const years = [...frontText.matchAll(/\b(20[0-4]\d|199\d)\b/g)].map((m) => Number(m[1]));
  const year = mark('year', years.length ? Math.max(...years) : null);
  let nation = mark<Nation>(
    'nation',
    reviewType === 'wales-cpr' || /\bWales\b|\bWelsh\b/.test(frontText) ? 'Wales' : reviewType === 'scr' || reviewType === 'lcspr' ? 'England' : null,
  );
  const opening = fullText.slice(0, 20000);
  const englishRegion =
    ENGLISH_REGIONS.find((r) => new RegExp(`\\b${r}\\b`).test(frontText)) ??
    ENGLISH_REGIONS.find((r) => new RegExp(`\\bin (?:the )?${r}(?: of England)?\\b`).test(opening)) ??
    null;
  const region = mark('region', nation === 'Wales' ? 'Wales' : englishRegion);
  if (!nation && englishRegion) nation = mark<Nation>('nation', 'England');
  const age = fullText.match(/\b(?:was|aged)\s+(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(days?|weeks?|months?|years?)(?:\s+old)?\b/i);
  const ageBand = mark<AgeBand>('ageBand', age ? ageBandOf(numberWord(age[1]), age[2]) : null) ?? 'unknown';
  const outcome =
    mark<Outcome>(
      'outcome',
      /\b(died|death of|was found dead|fatal)\b/i.test(fullText.slice(0, 15000))
        ? 'died'
        : /\b(serious(ly)? (harm|injur\w*)|significant harm|life[- ]changing)\b/i.test(fullText.slice(0, 15000))
          ? 'serious-harm'
          : null,
    ) ?? 'unknown';
  const gender = mark<'female' | 'male'>('gender', genderOf(fullText));
  return {
    title,
    area,
    nation,
    region,
    year,
    reviewType,
    ageBand,
    gender,
    outcome,
    abuseTypes: [],
    agencies: agenciesIn(fullText),
    inferred,
  };
}

/** The line that names the review, with its next line when the title wraps ("…Practice Review:" / "Child D"). */
function titleOf(frontText: string): string | null {
  const lines = frontText.split('\n').map((l) => l.trim()).filter(Boolean);
  const i = lines.findIndex((l) => /review/i.test(l) && l.length < 140);
  if (i < 0) return null;
  const next = lines[i + 1] ?? '';
  const wraps = /[:–—-]$/.test(lines[i]) || /^(child|baby|young person|sibling)s?\b/i.test(next);
  return wraps && next.length < 60 ? `${lines[i]} ${next}` : lines[i];
}

/**
 * The child's gender from the pronouns used of the child: in sentences that name the child
 * ("Child A was 9 weeks old when he died"), not in the whole report, where parents outnumber them.
 */
function genderOf(text: string): 'female' | 'male' | null {
  const stated = text.match(/\b(?:Child|Baby|Young Person) [A-Z] was [^.,;]{1,40}? old when (she|he)\b/);
  if (stated) return stated[1] === 'she' ? 'female' : 'male';
  let she = 0;
  let he = 0;
  // Within one clause: after a comma the pronoun is as likely to be a parent's.
  for (const m of text.matchAll(/\b(?:Child|Baby|Young Person) [A-Z]\b[^.,;]{0,80}?\b(she|her|he|his|him)\b/g)) {
    if (/^(she|her)$/i.test(m[1])) she++;
    else he++;
  }
  if (she + he === 0) return null;
  return she > he * 2 ? 'female' : he > she * 2 ? 'male' : null;
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

function numberWord(word: string): number {
  const i = NUMBER_WORDS.indexOf(word.toLowerCase());
  return i >= 0 ? i : Number(word);
}

const AGENCIES: [string, RegExp][] = [
  ["Children's social care", /\bchildren'?s (social care|services)\b|\bsocial work(er)?s?\b/i],
  ['Police', /\bpolice\b/i],
  ['Health visiting', /\bhealth visit(or|ing)\b/i],
  ['Midwifery', /\bmidwi(fe|ves|fery)\b/i],
  ['GP', /\bGPs?\b|\bgeneral practi(ce|tioner)\b/],
  ['Education', /\bschools?\b|\bnursery\b|\beducation\b/i],
  ['Hospital', /\bhospital\b|\bemergency department\b/i],
  ['Mental health services', /\bmental health (service|team|trust)s?\b|\bCAMHS\b/i],
  ['Substance misuse services', /\b(substance|drug|alcohol) (misuse )?(service|team)s?\b/i],
  ['Probation', /\bprobation\b/i],
  ['Housing', /\bhousing (officer|provider|service|association)s?\b/i],
  ['Early help', /\bearly help\b/i],
];

export function agenciesIn(text: string): string[] {
  return AGENCIES.filter(([, re]) => re.test(text)).map(([name]) => name);
}

/** Metadata as curators and API clients name it (manifest columns, wire fields), mapped to record fields. */
export const METADATA_COLUMNS = {
  title: 'title',
  area: 'area',
  nation: 'nation',
  region: 'region',
  year: 'year',
  review_type: 'reviewType',
  age_band: 'ageBand',
  gender: 'gender',
  outcome: 'outcome',
} as const satisfies Record<string, keyof ReviewMetadata>;

/** The manifest wins over inference: its fields replace inferred ones and lose the inferred mark. */
export function applyManifest(meta: ReviewMetadata, row: Record<string, string> | undefined): ReviewMetadata {
  if (!row) return meta;
  const out: ReviewMetadata = { ...meta, inferred: [...meta.inferred] };
  for (const [column, field] of Object.entries(METADATA_COLUMNS)) {
    const value = row[column]?.trim();
    if (!value) continue;
    (out as unknown as Record<string, unknown>)[field] = field === 'year' ? Number(value) : value;
    out.inferred = out.inferred.filter((f) => f !== field);
  }
  return out;
}
