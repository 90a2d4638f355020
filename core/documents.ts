/** Word documents for download: a theme digest and a trainers' case-study pack. */
import { AlignmentType, Document, ExternalHyperlink, Footer, HeadingLevel, PageBreak, PageNumber, Packer, Paragraph, TextRun, type ParagraphChild } from 'docx';
import type { Digest } from './digest';
import { PACK_EMPTY, type CaseStudyPack, type PackPageRef } from './pack';
import { SERVICE_NAME, pageLabel, type PageBasis } from '../model';
import { pageUrl } from './public-file';

function heading(text: string, level: 1 | 2 | 3): Paragraph {
  const levels = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
  return new Paragraph({ text, heading: levels[level] });
}

function para(text: string, options: { italics?: boolean; bullet?: boolean } = {}): Paragraph {
  return new Paragraph({
    children: [new TextRun({ text, italics: options.italics })],
    bullet: options.bullet ? { level: 0 } : undefined,
    spacing: { after: 120 },
  });
}

function link(text: string, url: string): ExternalHyperlink {
  return new ExternalHyperlink({ link: url, children: [new TextRun({ text, style: 'Hyperlink' })] });
}

/** A quoted passage followed by where it comes from, with a link to the original file at that page. */
function quote(text: string, source: ParagraphChild[]): Paragraph[] {
  return [
    new Paragraph({ children: [new TextRun({ text, italics: true })], indent: { left: 567 }, spacing: { after: 60 } }),
    new Paragraph({ children: source, indent: { left: 567 }, spacing: { after: 200 } }),
  ];
}

interface SourceOf {
  source_type: string;
  page_basis: PageBasis;
  file_available: boolean;
}

function pageLink(origin: string, reviewId: string, page: number, source: SourceOf | undefined): ParagraphChild {
  const label = pageLabel(page, source?.page_basis);
  return link(label, pageUrl(origin, reviewId, page, source?.source_type === 'pdf' && source.file_available));
}

function provenanceLine(p: { taxonomy_version: string; query: string; generated_at: string }): Paragraph {
  const query = p.query ? `, filters ${decodeURIComponent(p.query.replace(/\+/g, ' '))}` : '';
  return para(`Produced ${p.generated_at.slice(0, 10)} from the ${SERVICE_NAME} with taxonomy version ${p.taxonomy_version}${query}.`, { italics: true });
}

function pack(doc: { title: string; description: string; children: Paragraph[]; pageNumbers?: boolean }): Promise<Buffer> {
  const footers = doc.pageNumbers
    ? { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })] })] }) }
    : undefined;
  const document = new Document({
    creator: SERVICE_NAME,
    title: doc.title,
    description: doc.description,
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [{ children: doc.children, footers }],
  });
  return Packer.toBuffer(document);
}

export function digestDocx(digest: Digest, origin: string): Promise<Buffer> {
  const sourceOf = new Map(digest.reviews.map((r) => [r.id, r]));
  const years = digest.by_year.map((y) => `${y.year}: ${y.count}`).join('; ');
  const children: Paragraph[] = [
    heading(`Theme digest: ${digest.theme.label}`, 1),
    para(digest.theme.definition),
    para(`${digest.review_count} published ${digest.review_count === 1 ? 'review carries' : 'reviews carry'} this theme.${years ? ` By year of publication: ${years}.` : ''}`),
    provenanceLine(digest),
    heading('Key passages', 2),
    ...digest.key_passages.flatMap((p) =>
      quote(p.text, [new TextRun(`${p.title}${p.year ? ` (${p.year})` : ''}, `), pageLink(origin, p.review_id, p.page, sourceOf.get(p.review_id))]),
    ),
    heading('Recommendations on this theme', 2),
    ...(digest.recommendations.length
      ? digest.recommendations.flatMap((r) =>
          quote(r.text, [new TextRun(`${r.title}${r.year ? ` (${r.year})` : ''}, `), pageLink(origin, r.review_id, r.page, sourceOf.get(r.review_id))]),
        )
      : [para('No recommendation in these reviews is tagged with this theme.')]),
    heading('Themes that often occur with it', 2),
    ...digest.co_occurring.map((c) => para(`${c.label}: ${c.count} ${c.count === 1 ? 'review' : 'reviews'}`, { bullet: true })),
    heading('Reviews to read', 2),
    ...digest.reviews.map(
      (r) => new Paragraph({ children: [link(r.title, `${origin}/reviews/${r.id}`), new TextRun(`${r.year ? ` (${r.year})` : ''}${r.area ? `, ${r.area}` : ''}`)], bullet: { level: 0 } }),
    ),
  ];
  if (digest.theme.questions.length) {
    children.push(heading('Questions for reflection', 2), ...digest.theme.questions.map((q) => para(q, { bullet: true })));
  }
  return pack({ title: `Theme digest: ${digest.theme.label}`, description: digest.theme.definition, children });
}

/** A page reference that opens the page where it can be read. */
function refLink(ref: PackPageRef): ExternalHyperlink {
  return link(ref.label, ref.url);
}

export function caseStudyPackDocx(data: CaseStudyPack): Promise<Buffer> {
  const themeNames = data.themes.map((t) => t.label).join(', ');
  const caseCount = `${data.cases.length} ${data.cases.length === 1 ? 'case' : 'cases'}`;
  const children: Paragraph[] = [
    new Paragraph({ text: data.title, heading: HeadingLevel.TITLE, spacing: { before: 2400, after: 480 } }),
    para(`Themes: ${themeNames}`),
    para(caseCount),
    para(data.date),
    para(`Prepared from the ${SERVICE_NAME}`),
    para(data.provenance, { italics: true }),
    new Paragraph({ children: [new PageBreak()] }),
    heading('Session outline', 1),
    heading('Aims', 2),
    ...data.aims.map((a) => para(a, { bullet: true })),
    ...data.plans.flatMap((plan) => [
      heading(`Suggested timings: ${plan.name}`, 2),
      ...plan.steps.map((s) => para(`${s.minutes} minutes: ${s.activity}`, { bullet: true })),
    ]),
    heading('How to use the cases', 2),
    ...data.howToUse.map((h) => para(h, { bullet: true })),
    heading('Themes and questions for reflection', 1),
    ...data.themes.flatMap((t) => [heading(t.label, 2), para(t.definition), heading(`Questions for reflection: ${t.label}`, 3), ...t.questions.map((q) => para(q, { bullet: true }))]),
  ];
  data.cases.forEach((c, i) => {
    children.push(
      new Paragraph({ text: `Case ${i + 1}: ${c.title}`, heading: HeadingLevel.HEADING_1, pageBreakBefore: true }),
      para(c.facts, { italics: true }),
      ...c.notes.map((n) => para(n, { italics: true })),
      heading('Summary', 2),
      ...c.summary.map((p) => para(p)),
      heading('Key passages', 2),
    );
    if (!c.passages.length) children.push(para(PACK_EMPTY.passages));
    for (const p of c.passages) children.push(...quote(p.text, [new TextRun(`${p.theme_label}, `), refLink(p.ref)]));
    children.push(heading('Recommendations', 2));
    if (!c.recommendations.length) children.push(para(PACK_EMPTY.recommendations));
    for (const r of c.recommendations) {
      children.push(new Paragraph({ children: [new TextRun(`${r.text} (`), refLink(r.ref), new TextRun(')')], bullet: { level: 0 }, spacing: { after: 120 } }));
    }
    children.push(heading('Source', 2), new Paragraph({ children: [new TextRun(c.citation[0]), link(c.citation[1], c.citation[1]), new TextRun(c.citation[2])], spacing: { after: 240 } }));
  });
  return pack({ title: data.title, description: `Case studies on ${themeNames}`, children, pageNumbers: true });
}
