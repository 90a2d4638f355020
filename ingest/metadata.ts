import type { AgeBand, Nation, Outcome, ReviewMetadata, ReviewType } from '../model';
import { openingOf, sentencesOf, type Found } from './record/lines';
import { subjectOf, subjectPattern, titleOf } from './record/title';
import { areaOf } from './record/partnership';
import { documentKindOf, reviewTypeOf } from './record/review-type';
import { yearOf } from './record/year';
import { ageBandIn, genderIn, outcomeIn } from './record/child';

export { ageBandOf } from './record/child';

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

const TYPE_WORDS_ONLY = /^(?:an? |the )?(?:serious case review|overview report|executive summary|(?:local )?child safeguarding practice review|child practice review|learning review|lessons learned review)(?: overview report)?$/i;

/** Each region as a title page names it, and as an introduction places the report in it: built once, not per line. */
const REGION_PATTERNS = ENGLISH_REGIONS.map((r) => ({ region: r, named: new RegExp(`\\b${r}\\b`), placed: new RegExp(`\\bin (?:the )?${r}(?: of England)?\\b`) }));

/** The region an unknown board's report gives itself ("…in the North East of England"). */
function regionInWords(titlePage: string[], introduction: string): Found<string> | null {
  for (const { region, named } of REGION_PATTERNS) {
    const line = titlePage.find((l) => named.test(l));
    if (line) return { value: region, evidence: line };
  }
  for (const s of sentencesOf(introduction)) {
    const r = REGION_PATTERNS.find((x) => x.placed.test(s));
    if (r) return { value: r.region, evidence: s };
  }
  return null;
}

/** Law, guidance and bodies of one nation that a report cites when it names neither board nor place. */
const NATION_SIGNS: [Nation, RegExp][] = [
  ['Wales', /\bSocial Services and Well-being \(Wales\)|\bWelsh Government\b|\bCare Inspectorate Wales\b|\bWorking Together to Safeguard People\b|\bAll Wales\b|\bin Wales\b/],
  ['England', /\bWorking Together to Safeguard Children\b|\bWorking Together 20\d\d\b|\bOfsted\b|\bLocal Safeguarding Children Boards? Regulations\b|\bChild Safeguarding Practice Review Panel\b|\bin England\b|\bDepartment for Education\b/],
];

function nationInWords(titlePage: string[], reviewType: ReviewType | undefined, region: string | null, introduction = ''): Found<Nation> | null {
  const welsh = titlePage.find((l) => /\bWales\b|\bWelsh\b|\bCymru\b/.test(l)) ?? (reviewType === 'wales-cpr' ? titlePage.find((l) => /child practice review/i.test(l)) ?? 'Child Practice Review' : null);
  if (welsh) return { value: 'Wales', evidence: welsh };
  if (region && ENGLISH_REGIONS.includes(region)) return { value: 'England', evidence: region };
  // Serious case reviews and practice reviews under Working Together are English processes.
  if (reviewType === 'scr' || reviewType === 'lcspr' || reviewType === 'national-review') return { value: 'England', evidence: titlePage.find((l) => /review|SCR/i.test(l)) ?? '' };
  for (const s of sentencesOf(introduction)) {
    const sign = NATION_SIGNS.find(([, re]) => re.test(s));
    if (sign) return { value: sign[0], evidence: s };
  }
  return null;
}

/**
 * The review's record read from its own words: each field found carries the line it came from
 * (metadata.evidence) and is marked inferred; a manifest row, when given, overrides it (see applyManifest).
 */
export function inferMetadata(frontText: string, fullText: string, fileName: string, now = new Date()): ReviewMetadata {
  const { titlePage, introduction } = openingOf(frontText, fullText);
  const inferred: string[] = [];
  const evidence: Record<string, string> = {};
  const mark = <T>(field: string, found: Found<T> | null): T | null => {
    if (!found) return null;
    inferred.push(field);
    if (found.evidence) evidence[field] = found.evidence;
    return found.value;
  };
  const areaFound = areaOf(titlePage, introduction);
  const area = areaFound?.value ?? null;
  const titled = titleOf(titlePage, introduction);
  // Never the review-type words alone: a title naming no one says whose review it is.
  const bare = titled && TYPE_WORDS_ONLY.test(titled.value);
  const title =
    mark('title', bare && area ? { value: `${titled.value}: ${area.name}`, evidence: `${titled.evidence} / ${areaFound!.evidence}` } : titled) ??
    fileName.replace(/\.[a-z0-9]+$/i, '').replace(/[-_]+/g, ' ');
  mark('area', areaFound && { value: area!.name, evidence: areaFound.evidence });
  const reviewType = mark('reviewType', reviewTypeOf(titlePage, introduction)) ?? 'other';
  const kind = documentKindOf(titlePage, introduction);
  if (kind.evidence) evidence.documentKind = kind.evidence;
  const year = mark('year', yearOf(titlePage, introduction, now));
  const region =
    mark('region', area?.region ? { value: area.region, evidence: areaFound!.evidence } : area?.nation === 'Wales' ? null : regionInWords(titlePage, introduction)) ??
    null;
  const nation =
    mark<Nation>('nation', area?.nation ? { value: area.nation, evidence: areaFound!.evidence } : nationInWords(titlePage, reviewType, region, introduction)) ?? null;
  const regionOrWales = region ?? (nation === 'Wales' ? (inferred.push('region'), (evidence.region = evidence.nation ?? ''), 'Wales') : null);

  const pseudonym = subjectOf(title);
  const subject = pseudonym ? subjectPattern(pseudonym) : null;
  // Contents entries ("2.6 Birth of babies ..... 17") are headings, not statements about the child.
  const sentences = [titlePage.join(' '), ...sentencesOf(introduction)].filter((s) => !/\.{4,}|\s\d{1,3}$|\bPage \d+$/.test(s));
  const baby = /^Baby\b/i.test(pseudonym ?? '') ? { value: 'under-1' as const, evidence: evidence.title ?? title } : null;
  const ageBand = mark<AgeBand>('ageBand', ageBandIn(sentences, subject) ?? baby) ?? 'unknown';
  const outcome = mark<Outcome>('outcome', outcomeIn(sentences.slice(0, 80))) ?? 'unknown';
  const gender = mark<'female' | 'male'>('gender', genderIn(sentences, subject));
  return {
    title,
    area: area?.name ?? null,
    nation,
    region: regionOrWales,
    year,
    reviewType,
    ageBand,
    gender,
    outcome,
    abuseTypes: [],
    agencies: agenciesIn(fullText),
    inferred,
    documentKind: kind.value,
    ...(area ? { areaMatched: area.matched } : {}),
    evidence,
  };
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
  document_kind: 'documentKind',
} as const satisfies Record<string, keyof ReviewMetadata>;

/** The manifest wins over inference: its fields replace inferred ones and lose the inferred mark and evidence. */
export function applyManifest(meta: ReviewMetadata, row: Record<string, string> | undefined): ReviewMetadata {
  if (!row) return meta;
  const out: ReviewMetadata = { ...meta, inferred: [...meta.inferred], evidence: { ...meta.evidence } };
  for (const [column, field] of Object.entries(METADATA_COLUMNS)) {
    const value = row[column]?.trim();
    if (!value) continue;
    (out as unknown as Record<string, unknown>)[field] = field === 'year' ? Number(value) : value;
    out.inferred = out.inferred.filter((f) => f !== field);
    delete out.evidence![field];
    if (field === 'area') delete out.areaMatched;
  }
  return out;
}
