/**
 * The content of a trainers' case-study pack: chosen published reviews, read through chosen themes,
 * with what a trainer needs to run a session from it. The Word and PDF documents both lay out this
 * one structure, so they always say the same.
 */
import { REVIEW_TYPE_LABELS, AGE_BAND_LABELS, SERVICE_NAME, britishDate, pageBasis, pageLabel, type ReviewRecord, type ReviewTheme, type Theme, type ThemeGroup } from '../model';
import type { Taxonomy } from '../taxonomy';
import { fileWithheld } from './editorial/redact';
import { pageUrl } from './public-file';

/** Passages per chosen theme per case: enough to discuss, short enough to print. */
const PASSAGES_PER_THEME = 3;


/** For a theme the taxonomy gives no questions: a few that hold for any theme of its kind. */
const GROUP_QUESTIONS: Record<ThemeGroup, string[]> = {
  practice: [
    'What got in the way of good practice here, and what would have helped?',
    'Which decisions would you make differently with what the review now knows?',
    'How does your own service make sure this does not happen again?',
  ],
  'risk-factors': [
    'How did this factor shape the risk to the child, and who saw it?',
    'What did professionals know, and what did they need to ask?',
    'How would your service respond to the same picture today?',
  ],
  harm: [
    'What were the signs of harm, and when could they first have been seen?',
    'Who could have acted sooner, and what stopped them?',
    'What would protect a child in the same situation now?',
  ],
  context: [
    'How did the child’s circumstances change what professionals needed to do?',
    'Whose voice or experience is missing from the picture?',
    'What would your service do to reach a child in these circumstances?',
  ],
  'good-practice': [
    'What made this practice work, and could it be repeated?',
    'What conditions allowed professionals to do this well?',
    'How could your service learn from it?',
  ],
};

/** The questions a pack asks on a theme: the taxonomy's own, else those of the theme's kind. */
export function reflectiveQuestions(theme: Theme): string[] {
  return theme.questions.length ? theme.questions : GROUP_QUESTIONS[theme.group];
}

/**
 * The themes a pack reads on a review. The one place packs read a record's themes, so a change in
 * which themes count (for example, only those an editor confirmed) is made here.
 */
export function packThemesOf(record: ReviewRecord): ReviewTheme[] {
  return record.themes;
}

/** What a case says where it has nothing of a kind. */
export const PACK_EMPTY = {
  passages: 'The review has no passages tagged with the chosen themes: read its summary and recommendations.',
  recommendations: 'No recommendations were found in this review.',
};

export interface PackPageRef {
  page: number;
  /** "page 4", or "about page 4" where pages were estimated. */
  label: string;
  /** Where the page can be read: the PDF at that page, else the review's text on the portal. */
  url: string;
}

export interface PackCase {
  title: string;
  /** One line of facts: year, area, review type, child's age. */
  facts: string;
  /** The summary's paragraphs. */
  summary: string[];
  /** Said plainly where the case stands in the pack differently from the others. */
  notes: string[];
  passages: { theme_label: string; text: string; ref: PackPageRef }[];
  recommendations: { text: string; ref: PackPageRef }[];
  /** The citation's text around its link to the review's page: before, address, after. */
  citation: [string, string, string];
}

export interface PackTheme {
  label: string;
  definition: string;
  questions: string[];
}

export interface SessionPlan {
  name: string;
  steps: { minutes: number; activity: string }[];
}

export interface CaseStudyPack {
  title: string;
  themes: PackTheme[];
  cases: PackCase[];
  /** The cover's date and the provenance line, in words. */
  date: string;
  provenance: string;
  aims: string[];
  plans: SessionPlan[];
  howToUse: string[];
}

function listInWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function citation(record: ReviewRecord, url: string, accessed: Date): [string, string, string] {
  const m = record.metadata;
  const author = m.area ?? 'Safeguarding partnership not stated';
  const pages = `${record.source.pages} ${record.source.pages === 1 ? 'page' : 'pages'}`;
  return [`${author} (${m.year ?? 'n.d.'}) ${m.title}. ${REVIEW_TYPE_LABELS[m.reviewType]}, ${pages}. ${SERVICE_NAME}, `, url, ` (accessed ${britishDate(accessed)}).`];
}

function pageRef(record: ReviewRecord, page: number, origin: string): PackPageRef {
  const url = pageUrl(origin, record.id, page, record.source.type === 'pdf' && !fileWithheld(record));
  return { page, label: pageLabel(page, pageBasis(record.source)), url };
}

function packCase(record: ReviewRecord, themes: Theme[], origin: string, now: Date): PackCase {
  const m = record.metadata;
  const carried = new Map(packThemesOf(record).map((t) => [t.id, t]));
  const byId = new Map(record.passages.map((p) => [p.id, p]));
  const passages = themes.flatMap((theme) =>
    (carried.get(theme.id)?.passages ?? [])
      .map((id) => byId.get(id))
      .filter((p) => p !== undefined)
      .slice(0, PASSAGES_PER_THEME)
      .map((p) => ({ theme_label: theme.label, text: p.text, ref: pageRef(record, p.page, origin) })),
  );
  // A trainer may choose a case for what it shows beside the themes: it stays, and the pack says so.
  const missing = themes.filter((t) => !carried.has(t.id)).map((t) => t.label);
  const notes = missing.length
    ? [`This review is not tagged with ${listInWords(missing)} in the repository; it is in the pack because it was chosen for it.`]
    : [];
  const chosen = new Set(themes.map((t) => t.id));
  // Recommendations on the chosen themes come first; the rest follow, as trainers want the whole set.
  const recommendations = [...record.recommendations]
    .sort((a, b) => Number(b.themes.some((t) => chosen.has(t))) - Number(a.themes.some((t) => chosen.has(t))))
    .map((r) => ({ text: r.text, ref: pageRef(record, r.page, origin) }));
  return {
    title: m.title,
    facts: [m.year, m.area, REVIEW_TYPE_LABELS[m.reviewType], m.ageBand === 'unknown' ? null : `child aged ${AGE_BAND_LABELS[m.ageBand].toLowerCase()}`]
      .filter(Boolean)
      .join(' · '),
    summary: record.summary ? record.summary.split(/\n\s*\n/).map((p) => p.trim()) : ['No summary is available for this review.'],
    notes,
    passages,
    recommendations,
    citation: citation(record, `${origin}/reviews/${record.id}`, now),
  };
}

/** Timings that add up to the session's length; reading time grows with the number of cases. */
function sessionPlans(caseCount: number): SessionPlan[] {
  const reading = Math.min(30, 10 + 5 * caseCount);
  return [
    {
      name: '90-minute session',
      steps: [
        { minutes: 10, activity: 'Welcome, aims of the session and agreeing how to talk about the cases' },
        { minutes: reading, activity: 'Read the cases, one or two per small group' },
        { minutes: 70 - reading - 20, activity: 'Small groups discuss their cases with the reflective questions' },
        { minutes: 20, activity: 'Each group feeds back: what happened, what could have been different' },
        { minutes: 10, activity: 'What we will do differently in our own practice; close' },
      ],
    },
    {
      name: 'Half-day session (3 hours)',
      steps: [
        { minutes: 15, activity: 'Welcome, aims of the session and agreeing how to talk about the cases' },
        { minutes: 15, activity: 'The themes: what they mean and why reviews keep finding them' },
        { minutes: reading + 10, activity: 'Read the cases, one or two per small group' },
        { minutes: 60 - reading, activity: 'Small groups discuss their cases with the reflective questions' },
        { minutes: 15, activity: 'Break' },
        { minutes: 30, activity: 'Each group feeds back: what happened, what could have been different' },
        { minutes: 20, activity: 'The reviews’ recommendations: which apply to our own services' },
        { minutes: 15, activity: 'Actions for our own practice, evaluation and close' },
      ],
    },
  ];
}

const HOW_TO_USE = [
  'Before the session, tell participants that the cases describe serious harm to children, and let anyone affected talk to you first.',
  'Read: give each small group one or two cases. Each case has the review’s summary, its key passages on the session’s themes with the page to find them in the report, and its recommendations.',
  'Discuss: groups of four to six people work through the reflective questions for the session’s themes, set out once in the section on themes, against their case.',
  'Feed back: each group tells the whole session what happened in its case, what could have been different and which recommendation matters most to their own work.',
  'The cases are published, anonymised reviews. Refer to the children and adults as the reviews do, and cite the report when you quote it.',
];

export function buildPack(records: ReviewRecord[], themes: Theme[], taxonomy: Taxonomy, origin: string, now = new Date()): CaseStudyPack {
  const labels = themes.map((t) => t.label);
  const date = britishDate(now);
  return {
    title: `Case-study pack: ${listInWords(labels)}`,
    themes: themes.map((t) => ({ label: t.label, definition: t.definition, questions: reflectiveQuestions(t) })),
    cases: records.map((record) => packCase(record, themes, origin, now)),
    date,
    provenance: `Themes as defined in version ${taxonomy.version} of the repository’s theme taxonomy, on ${date}.`,
    aims: [
      ...themes.map((t) => `Recognise ${t.label.toLowerCase()} in the cases: how it showed, what professionals saw and did, and what the reviews found.`),
      'Reflect on the reviews’ recommendations and agree what to do differently in our own practice.',
    ],
    plans: sessionPlans(records.length),
    howToUse: HOW_TO_USE,
  };
}
