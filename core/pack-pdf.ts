/** The trainers' case-study pack as a PDF: the same content as the Word document, page-numbered. */
import { PACK_EMPTY, type CaseStudyPack, type PackPageRef } from './pack';
import { SERVICE_NAME } from '../model';
import { PdfWriter, type PdfRun } from './pdf/document';

const refRun = (ref: PackPageRef): PdfRun => ({ text: ref.label, link: ref.url });

export function caseStudyPackPdf(data: CaseStudyPack): Promise<Buffer> {
  const themeNames = data.themes.map((t) => t.label).join(', ');
  const pdf = new PdfWriter({ title: data.title, subject: `Case studies on ${themeNames}` });

  pdf.space(8).title(data.title);
  pdf.paragraph(`Themes: ${themeNames}`).paragraph(`${data.cases.length} ${data.cases.length === 1 ? 'case' : 'cases'}`).paragraph(data.date);
  pdf.paragraph(`Prepared from the ${SERVICE_NAME}`).paragraph(data.provenance, { italic: true });

  pdf.pageBreak().heading('Session outline', 1).heading('Aims', 2);
  for (const aim of data.aims) pdf.bullet(aim);
  for (const plan of data.plans) {
    pdf.heading(`Suggested timings: ${plan.name}`, 2);
    for (const step of plan.steps) pdf.bullet(`${step.minutes} minutes: ${step.activity}`);
  }
  pdf.heading('How to use the cases', 2);
  for (const h of data.howToUse) pdf.bullet(h);

  pdf.heading('Themes and questions for reflection', 1);
  for (const t of data.themes) {
    pdf.heading(t.label, 2).paragraph(t.definition).heading(`Questions for reflection: ${t.label}`, 3);
    for (const q of t.questions) pdf.bullet(q);
  }

  data.cases.forEach((c, i) => {
    pdf.pageBreak().heading(`Case ${i + 1}: ${c.title}`, 1).paragraph(c.facts, { italic: true });
    for (const n of c.notes) pdf.paragraph(n, { italic: true });
    pdf.heading('Summary', 2);
    for (const p of c.summary) pdf.paragraph(p);
    pdf.heading('Key passages', 2);
    if (!c.passages.length) pdf.paragraph(PACK_EMPTY.passages);
    for (const p of c.passages) pdf.quote(p.text, [{ text: `${p.theme_label}, ` }, refRun(p.ref)]);
    pdf.heading('Recommendations', 2);
    if (!c.recommendations.length) pdf.paragraph(PACK_EMPTY.recommendations);
    for (const r of c.recommendations) pdf.bullet([{ text: `${r.text} (` }, refRun(r.ref), { text: ')' }]);
    pdf.heading('Source', 2).paragraph([{ text: c.citation[0] }, { text: c.citation[1], link: c.citation[1] }, { text: c.citation[2] }]);
  });
  return pdf.finish();
}
