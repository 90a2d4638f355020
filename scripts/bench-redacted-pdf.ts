/**
 * Time to draw the redacted PDF of a 100-page review (each page the text of a fixture report's
 * page, about 2,000 characters), beside pdfkit writing the same pages' text in the same embedded font with no fitting,
 * heading or title, as the floor. Rounds alternate the two; CPU time is shown beside wall time,
 * the steadier figure on a shared machine.
 * Usage: npm run bench:redacted-pdf
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import PDFDocument from 'pdfkit';
import type { Page, ReviewRecord } from '../model';
import { projectRoot } from '../lib/paths';
import { prepareRecord } from '../ingest/pipeline';
import { redactedPdf } from '../core/redacted-pdf';
import { textPages } from '../core/redacted-text';
import { FONT, pdfBytes } from '../core/pdf/document';

const PAGES = 100;
const ROUNDS = 5;

async function hundredPages(): Promise<ReviewRecord> {
  const file = path.join(projectRoot(), 'fixtures', 'reports', 'child-d-2021.pdf');
  const record = await prepareRecord(fs.readFileSync(file), { fileName: path.basename(file) });
  const texts = textPages(record).map((p) => p.text).filter(Boolean);
  let text = '';
  const pages: Page[] = [];
  for (let num = 1; num <= PAGES; num++) {
    const start = text.length;
    text += texts[num % texts.length];
    pages.push({ num, start, end: text.length });
    text += '\n\n';
  }
  return { ...record, text, pages, source: { ...record.source, pages: PAGES }, flags: [] };
}

function floor(record: ReviewRecord): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: false });
  for (const page of textPages(record)) doc.addPage().font(FONT.regular).fontSize(10.5).text(page.text, { height: 700 });
  return pdfBytes(doc);
}

async function timed(run: () => Promise<Buffer>): Promise<{ wall: number; cpu: number }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  await run();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - start, cpu: (used.user + used.system) / 1000 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

(async () => {
  const record = await hundredPages();
  const chars = Math.round(record.text.length / PAGES);
  await redactedPdf(record);
  await floor(record);
  const ours: { wall: number; cpu: number }[] = [];
  const base: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    ours.push(await timed(() => redactedPdf(record)));
    base.push(await timed(() => floor(record)));
  }
  const line = (name: string, xs: { wall: number; cpu: number }[]) =>
    `${name}: ${median(xs.map((x) => x.wall)).toFixed(0)} ms wall, ${median(xs.map((x) => x.cpu)).toFixed(0)} ms CPU (median of ${ROUNDS})\n`;
  process.stdout.write(`${PAGES} pages of about ${chars} characters\n`);
  process.stdout.write(line('redacted PDF', ours));
  process.stdout.write(line('pdfkit text only (floor)', base));
  process.stdout.write(`ratio (CPU): ${(median(ours.map((x) => x.cpu)) / median(base.map((x) => x.cpu))).toFixed(2)}x the floor\n`);
})();
