import type { AgeBand, Passage, ReviewRecord, ReviewType, SectionKind } from '../../model';

interface Spec {
  id: string;
  title: string;
  year: number;
  area: string;
  region: string;
  reviewType: ReviewType;
  ageBand: AgeBand;
  agencies: string[];
  /** When the review was added to the repository: in an order unlike the years. */
  added: string;
  /** Stored before publishedAt existed, so only ingestedAt says when it was added. */
  legacy?: boolean;
  passages: [SectionKind, string, string[]][];
  /** Themes an editor has decided: the rest are the tagger's alone. */
  decided?: Record<string, 'confirmed' | 'added'>;
}

/** Fictional reviews with known themes and words, for asserting exact search behaviour. */
const SPECS: Spec[] = [
  {
    id: 'aaa000000001',
    title: 'Serious Case Review: Child A',
    year: 2016,
    area: 'Northfield Safeguarding Children Board',
    region: 'North West',
    reviewType: 'scr',
    ageBand: 'under-1',
    agencies: ['Health visiting', 'Police'],
    added: '2024-05-01T09:00:00.000Z',
    passages: [
      ['executive-summary', 'Child A was an infant who suffered serious injuries at home.', []],
      ['analysis', 'Professionals did not share information about the bruising seen on a non-mobile baby.', ['information-sharing', 'non-mobile-baby-bruising']],
      ['analysis', "The mother's partner was a hidden man whose role in the household was never explored.", ['hidden-men']],
    ],
    decided: { 'information-sharing': 'confirmed' },
  },
  {
    id: 'bbb000000002',
    title: 'Local Child Safeguarding Practice Review: Child B',
    year: 2021,
    area: 'Eastmoor Safeguarding Partnership',
    region: 'South East',
    reviewType: 'lcspr',
    ageBand: '11-15',
    agencies: ['Education', 'Police'],
    added: '2024-02-01T09:00:00.000Z',
    passages: [
      ['executive-summary', 'Child B was a young person exploited by adults outside the family.', ['exploitation']],
      ['analysis', 'Persistent neglect at home went unchallenged while the school recorded missed days.', ['neglect']],
      ['recommendations', 'Agencies should share information about exploitation at the earliest point.', ['information-sharing', 'exploitation']],
    ],
    decided: { neglect: 'confirmed', exploitation: 'added' },
  },
  {
    id: 'ccc000000003',
    title: 'Child Practice Review: Child C',
    year: 2019,
    area: 'Valleyside Regional Safeguarding Children Board',
    region: 'Wales',
    reviewType: 'wales-cpr',
    ageBand: '1-4',
    agencies: ['Health visiting'],
    added: '2024-03-01T09:00:00.000Z',
    legacy: true,
    passages: [
      ['family-background', 'The family moved home four times in two years.', []],
      ['analysis', 'Neglect of the children was chronic, and the voice of the child was not heard.', ['neglect', 'voice-of-the-child']],
      ['analysis', 'Disguised compliance by the parents masked the neglecting home conditions.', ['disguised-compliance', 'neglect']],
    ],
  },
  {
    id: 'ddd000000004',
    title: 'Serious Case Review: Child D',
    year: 2014,
    area: 'Northfield Safeguarding Children Board',
    region: 'North West',
    reviewType: 'scr',
    ageBand: '5-10',
    agencies: ['GP', "Children's social care"],
    added: '2024-06-01T09:00:00.000Z',
    passages: [
      ['analysis', 'Domestic abuse by the father was known to the police but not to the school.', ['domestic-abuse', 'information-sharing']],
      ['analysis', 'The voice of the child was absent from every assessment.', ['voice-of-the-child', 'assessment']],
    ],
  },
  {
    id: 'eee000000005',
    title: 'Lessons Learned Review: Child E',
    year: 2023,
    area: 'Southcliff Safeguarding Children Partnership',
    region: 'South West',
    reviewType: 'lessons-learned',
    ageBand: '16-17',
    agencies: ['Mental health services'],
    added: '2024-04-01T09:00:00.000Z',
    passages: [
      ['analysis', 'Self-harm by the young person escalated after a move into care.', ['self-harm-and-suicide', 'looked-after-children']],
      ['terms-of-reference', 'The review considered information sharing between agencies.', []],
    ],
  },
];

export function sampleRecords(): ReviewRecord[] {
  return SPECS.map((s) => {
    let offset = 0;
    const passages: Passage[] = s.passages.map(([section, text, themes], i) => {
      const p: Passage = {
        id: `p${i + 1}`,
        text,
        section,
        page: i + 2,
        offset,
        themes: themes.map((id) => ({ id, score: 0.8, evidence: [text] })),
      };
      offset += text.length + 2;
      return p;
    });
    const themeIds = [...new Set(passages.flatMap((p) => p.themes.map((t) => t.id)))];
    return {
      id: s.id,
      status: 'published',
      metadata: {
        title: s.title,
        area: s.area,
        nation: s.region === 'Wales' ? 'Wales' : 'England',
        region: s.region,
        year: s.year,
        reviewType: s.reviewType,
        ageBand: s.ageBand,
        gender: null,
        outcome: 'serious-harm',
        abuseTypes: [],
        agencies: s.agencies,
        inferred: [],
      },
      source: { sha256: s.id.padEnd(64, '0'), name: `${s.id}.pdf`, type: 'pdf', size: 1000, pages: 6 },
      summary: passages[0].text,
      text: passages.map((p) => p.text).join('\n\n'),
      pages: [],
      sections: [],
      passages,
      themes: themeIds.map((id) => ({
        id,
        score: 0.8,
        passages: passages.filter((p) => p.themes.some((t) => t.id === id)).map((p) => p.id),
        evidence: [],
        ...(s.decided?.[id] ? { origin: s.decided[id], decidedBy: 'editor', decidedAt: '2024-06-01T09:00:00.000Z' } : {}),
      })),
      recommendations: [],
      flags: [],
      taxonomyVersion: 'test',
      extractorVersion: 'test',
      ingestedAt: s.legacy ? s.added : '2024-01-01T00:00:00.000Z',
      ...(s.legacy ? {} : { publishedAt: s.added }),
      updatedAt: '2024-07-01T00:00:00.000Z',
    };
  });
}
