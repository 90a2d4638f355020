/** Word documents for download: a theme digest and a trainers' case-study pack. */
import { Document, ExternalHyperlink, HeadingLevel, Packer, Paragraph, TextRun, type ParagraphChild } from 'docx';
import type { Digest } from './digest';
import type { CaseStudyPack } from './pack';
import { pageLabel, type PageBasis } from '../model';

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
}

function pageLink(origin: string, reviewId: string, page: number, source: SourceOf | undefined): ParagraphChild {
  const label = pageLabel(page, source?.page_basis);
  // Viewers honour #page=N for PDF only; other formats get the plain page number.
  return source?.source_type === 'pdf' ? link(label, `${origin}/api/reviews/${reviewId}/file#page=${page}`) : new TextRun(label);
}

function provenanceLine(p: { taxonomy_version: string; query: string; generated_at: string }): Paragraph {
  const query = p.query ? `, filters ${decodeURIComponent(p.query.replace(/\+/g, ' '))}` : '';
  return para(`Produced ${p.generated_at.slice(0, 10)} from the Case Review Repository with taxonomy version ${p.taxonomy_version}${query}.`, { italics: true });
}

function pack(doc: { title: string; description: string; children: Paragraph[] }): Promise<Buffer> {
  const document = new Document({
    creator: 'Case Review Repository',
    title: doc.title,
    description: doc.description,
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [{ children: doc.children }],
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

export function caseStudyPackDocx(data: CaseStudyPack, origin: string): Promise<Buffer> {
  const themeNames = data.themes.map((t) => t.label).join(', ');
  const children: Paragraph[] = [
    heading('Case-study pack', 1),
    para(`${data.cases.length} ${data.cases.length === 1 ? 'case' : 'cases'} on: ${themeNames}.`),
    provenanceLine(data),
  ];
  for (const c of data.cases) {
    children.push(heading(c.title, 2), para(c.facts, { italics: true }), heading('Summary', 3));
    children.push(...(c.summary ? c.summary.split(/\n\s*\n/).map((p) => para(p.trim())) : [para('No summary is available for this review.')]));
    children.push(heading('Key passages', 3));
    if (!c.passages.length) children.push(para('The review does not carry the chosen themes.'));
    for (const p of c.passages) {
      children.push(...quote(p.text, [new TextRun(`${p.theme_label}, `), pageLink(origin, c.id, p.page, c)]));
    }
    children.push(heading('Recommendations', 3));
    if (!c.recommendations.length) children.push(para('No recommendations were found in this review.'));
    for (const r of c.recommendations) children.push(para(`${r.text} (${pageLabel(r.page, c.page_basis)})`, { bullet: true }));
    children.push(heading('Questions for reflection', 3));
    for (const t of data.themes) {
      for (const q of t.questions) children.push(para(`${q} (${t.label})`, { bullet: true }));
    }
    children.push(heading('Source', 3), new Paragraph({ children: [new TextRun(`${c.citation} `), link(c.url, c.url)], spacing: { after: 240 } }));
  }
  return pack({ title: 'Case-study pack', description: `Case studies on ${themeNames}`, children });
}
