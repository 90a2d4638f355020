/**
 * The redacted copy of a report as a PDF, drawn from its checked text (textPages): one page for
 * each page of the original, so that page references hold, each headed as a redacted copy of that
 * page. A page's text is set smaller (down to 6 pt) until it fits its page; text that still does not
 * fit at the smallest size runs on to pages headed as that page continued, so page references still
 * find their page by its heading.
 */
import { SERVICE_NAME, pageBasis, type ReviewRecord } from '../model';
import { A4, FONT, createPdf, pdfBytes } from './pdf/document';
import { REDACTION_MARK } from './editorial/redact';
import { textPages, type TextPage } from './redacted-text';

/** Bumped whenever what is drawn changes, so copies kept from before are made again. */
export const REDACTED_PDF_VERSION = '2';

const MARGIN = { top: 64, bottom: 56, left: 56, right: 56 };
const WIDTH = A4.width - MARGIN.left - MARGIN.right;
const HEIGHT = A4.height - MARGIN.top - MARGIN.bottom;
const BODY_SIZES = [10.5, 10, 9.5, 9, 8.5, 8, 7.5, 7, 6.5, 6];
const BODY = { width: WIDTH, lineGap: 1.5 };
/** Paragraphs set apart by less than a blank line, so that a page of short ones (a list, a form) still fits. */
const bodyOptions = (size: number) => ({ width: WIDTH, lineGap: size * 0.12, paragraphGap: size * 0.45 });
const GREY = '#555555';

function redactedCopyHeading(page: TextPage, continued: boolean): string {
  return `Redacted copy — ${page.label} of the original report${continued ? ' (continued)' : ''}`;
}

function introduction(record: ReviewRecord): string {
  const estimated = pageBasis(record.source) === 'estimated' ? ' (estimated from the length of its text, as the file could not be laid out)' : '';
  return (
    `This copy is drawn from the checked text of the review as the ${SERVICE_NAME} publishes it. ` +
    `Identifying details removed from it are shown as ${REDACTION_MARK}. Each page holds the text of the same page of the original report${estimated}; ` +
    `tables, pictures and page furniture are not reproduced.`
  );
}

/**
 * The largest size at which the text fits the room, or the smallest. The height goes roughly with
 * the square of the size (lines get both taller and shorter), so the first guess is close and a
 * dense page costs a measurement or two more, not one per size.
 */
function fittingSize(doc: PDFKit.PDFDocument, text: string, room: number): number {
  const fits = (size: number) => doc.fontSize(size).heightOfString(text, bodyOptions(size)) <= room;
  const [largest] = BODY_SIZES;
  const height = doc.fontSize(largest).heightOfString(text, bodyOptions(largest));
  if (height <= room) return largest;
  const guess = largest * Math.sqrt(room / height);
  let i = BODY_SIZES.findIndex((size) => size <= guess);
  if (i < 0) return BODY_SIZES.at(-1)!;
  if (fits(BODY_SIZES[i])) {
    // Up while the next size fits; the largest is known not to.
    while (i > 1 && fits(BODY_SIZES[i - 1])) i--;
  } else {
    while (i < BODY_SIZES.length - 1 && !fits(BODY_SIZES[++i]));
  }
  return BODY_SIZES[i];
}

function pageBody(page: TextPage): string {
  if (page.text) return page.text.replace(/\n\s*\n/g, '\n');
  return 'No text from this page of the original report is kept in the checked copy (it may have held a contents list, pictures or tables only).';
}

export async function redactedPdf(record: ReviewRecord): Promise<Buffer> {
  const title = record.metadata.title;
  const doc = createPdf(
    { title: `${title} (redacted copy)`, subject: 'Redacted copy of a child safeguarding case review', date: new Date(record.updatedAt) },
    { margins: MARGIN, autoFirstPage: false },
  );
  let current: TextPage | undefined;
  let continued = false;
  let bodySize = BODY_SIZES[0];
  // Pages pdfkit starts when a page's text runs over get the same heading, marked as continued.
  doc.on('pageAdded', () => {
    if (!current) return;
    doc.font(FONT.regular).fontSize(8).fillColor(GREY);
    doc.text(redactedCopyHeading(current, continued), MARGIN.left, 32, { width: WIDTH, lineBreak: false });
    doc.font(FONT.regular).fontSize(bodySize).fillColor(current.text ? 'black' : GREY);
    doc.x = MARGIN.left;
    doc.y = MARGIN.top;
    continued = true;
  });

  for (const page of textPages(record)) {
    // A page takes milliseconds to set; between pages the server answers other requests.
    await new Promise((resolve) => setImmediate(resolve));
    current = page;
    continued = false;
    doc.addPage();
    let room = HEIGHT;
    if (page.num === 1) {
      doc.font(FONT.bold).fontSize(15).text(title, BODY);
      doc.moveDown(0.4);
      doc.font(FONT.regular).fontSize(8.5).fillColor(GREY).text(introduction(record), BODY).fillColor('black');
      doc.moveDown(1);
      room = A4.height - MARGIN.bottom - doc.y;
    }
    const body = pageBody(page);
    const note = page.origin === 'ocr' ? `Text read from the page image by OCR${page.ocrConfidence === null ? '' : ` (mean confidence ${Math.round(page.ocrConfidence)}%)`}.` : null;
    doc.font(FONT.regular);
    const noteHeight = note ? doc.fontSize(8).heightOfString(note, BODY) + 6 : 0;
    bodySize = fittingSize(doc, body, room - noteHeight);
    if (note) doc.fontSize(8).fillColor(GREY).text(note, BODY).fillColor('black').moveDown(0.5);
    doc.fontSize(bodySize).fillColor(page.text ? 'black' : GREY).text(body, bodyOptions(bodySize)).fillColor('black');
  }
  return pdfBytes(doc);
}
