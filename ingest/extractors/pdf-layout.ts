/**
 * Reading order and paragraph breaks from the positions of a PDF page's text items: lines by
 * baseline, two or three columns read one after the other, a blank line where the vertical gap or the font size
 * says a new block starts, table cells by wide horizontal gaps, footnote markers dropped and
 * footnote texts set apart.
 */

/** A positioned piece of text as pdf.js reports it (PDF units, y grows upwards). */
export interface TextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

interface Line {
  y: number;
  size: number;
  cells: { x: number; text: string }[];
  /** First line of a second column: the vertical gap to the line before means nothing. */
  columnStart?: boolean;
}

const SAME_BASELINE = 0.4; // as a share of font size
const CELL_GAP = 1.2; // horizontal gap, in ems, that separates table cells
const SMALL = 0.8; // share of body size below which text is footnote-sized
const FOOTNOTE = /^\d{1,3}\s+\S/;

function round(n: number): number {
  return Math.round(n * 2) / 2;
}

/** The size most characters are set in. */
function bodySize(items: TextItem[]): number {
  const weight = new Map<number, number>();
  for (const it of items) weight.set(round(it.size), (weight.get(round(it.size)) ?? 0) + it.str.length);
  return [...weight].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
}

function toLines(items: TextItem[]): Line[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Line[] = [];
  let current: TextItem[] = [];
  const flush = () => {
    if (!current.length) return;
    current.sort((a, b) => a.x - b.x);
    const size = Math.max(...current.map((i) => i.size));
    const cells: Line['cells'] = [];
    let end = -Infinity;
    for (const it of current) {
      const last = cells[cells.length - 1];
      if (last && it.x - end < CELL_GAP * size) last.text += (it.x - end > size * 0.15 && !/\s$/.test(last.text) ? ' ' : '') + it.str;
      else cells.push({ x: it.x, text: it.str });
      end = Math.max(end, it.x + it.width);
    }
    lines.push({ y: current[0].y, size, cells: cells.map((c) => ({ x: c.x, text: c.text.trim() })).filter((c) => c.text) });
    current = [];
  };
  for (const it of sorted) {
    if (current.length && Math.abs(current[0].y - it.y) > SAME_BASELINE * Math.max(it.size, current[0].size)) flush();
    current.push(it);
  }
  flush();
  return lines.filter((l) => l.cells.length);
}

/** A wrapped table cell continues on a line of its own that starts under one of the row's later cells. */
function mergeCellContinuations(lines: Line[]): Line[] {
  const out: Line[] = [];
  for (const line of lines) {
    const prev = out[out.length - 1];
    if (prev && prev.cells.length > 1 && line.cells.length === 1 && prev.y - line.y < line.size * 1.6) {
      const target = prev.cells.findIndex((c, i) => i > 0 && Math.abs(c.x - line.cells[0].x) < 2);
      if (target > 0) {
        prev.cells[target].text += ' ' + line.cells[0].text;
        prev.y = line.y;
        continue;
      }
    }
    out.push(line);
  }
  return out;
}

function lineText(l: Line): string {
  return l.cells.map((c) => c.text).join('\t');
}

/**
 * Where columns start, as x positions, when the page is set in two or three columns of equal
 * width: at each expected column start a good number of body-size lines begin, and few body
 * lines run across it. Empty for a page in one column.
 */
function columnStarts(items: TextItem[], body: number): number[] {
  const bodyItems = items.filter((i) => Math.abs(i.size - body) < 0.5);
  if (bodyItems.length < 10) return [];
  const left = Math.min(...bodyItems.map((i) => i.x));
  const right = Math.max(...bodyItems.map((i) => i.x + i.width));
  for (const n of [3, 2]) {
    const pitch = (right - left) / n;
    const starts: number[] = [];
    for (let k = 1; k < n; k++) {
      const expected = left + k * pitch;
      // A column starts a gutter's width right of the previous column's end.
      const begins = bodyItems.filter((i) => i.x > expected - pitch * 0.05 && i.x < expected + pitch * 0.25);
      const baselines = new Set(begins.map((i) => round(i.y)));
      if (baselines.size < 5) break;
      const start = Math.min(...begins.filter((i) => baselines.has(round(i.y))).map((i) => i.x));
      const across = bodyItems.filter((i) => i.x < start - body && i.x + i.width > start + body).length;
      if (across > Math.max(2, baselines.size * 0.2)) break;
      starts.push(start);
    }
    if (starts.length === n - 1) return starts;
  }
  return [];
}

/**
 * Columns are read one after the other, band by band: a line that runs across a column start
 * (a full-width heading or table row) ends one band of columns and keeps its place, and so does
 * text above and below the columns' body (running headers, footers, footnotes).
 */
function columnLines(items: TextItem[], body: number): Line[] {
  const starts = columnStarts(items, body);
  if (!starts.length) return toLines(items);
  const bodyItems = items.filter((i) => Math.abs(i.size - body) < 0.5);
  // Headings sit a little above the first body line; running headers and footers well outside.
  const top = Math.max(...bodyItems.map((i) => i.y)) + 2 * body;
  const bottom = Math.min(...bodyItems.map((i) => i.y)) - body / 2;
  const column = (i: TextItem) => starts.filter((s) => i.x >= s - body / 2).length;
  const crosses = (i: TextItem) => starts.some((s) => i.x < s - body / 2 && i.x + i.width > s + body / 2);

  // Rows by baseline across the whole page, to tell full-width rows from column text.
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: TextItem[][] = [];
  for (const it of sorted) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(row[0].y - it.y) <= SAME_BASELINE * Math.max(it.size, row[0].size)) row.push(it);
    else rows.push([it]);
  }
  const out: Line[] = [];
  let band: TextItem[] = [];
  const flushBand = () => {
    for (let c = 0; c <= starts.length; c++) {
      const lines = toLines(band.filter((i) => column(i) === c));
      if (lines.length && c > 0) lines[0].columnStart = true;
      out.push(...lines);
    }
    band = [];
  };
  // A heading left at the foot of a column (its text goes on at the top of the next) is larger
  // than the body, where footers and footnotes are smaller.
  const footHeading = (row: TextItem[]) => row[0].y < bottom && row[0].y > bottom - 4 * body && row.every((i) => i.size > body + 0.5);
  for (const row of rows) {
    const outside = (row[0].y > top || row[0].y < bottom) && !footHeading(row);
    if (outside || row.some(crosses)) {
      flushBand();
      out.push(...toLines(row));
    } else band.push(...row);
  }
  flushBand();
  return out;
}

export interface LaidOutPage {
  text: string;
  footnotes: string[];
}

export function layOutPage(items: TextItem[]): LaidOutPage {
  const visible = items.filter((i) => i.str.trim());
  if (!visible.length) return { text: '', footnotes: [] };
  const body = bodySize(visible);
  const bodyLines = visible.filter((i) => Math.abs(i.size - body) < 0.5);
  const lowestBody = Math.min(...bodyLines.map((i) => i.y));
  // Footnote reference markers: small digits set among the body text.
  const kept = visible.filter((i) => !(i.size < body * SMALL && /^\d{1,3}$/.test(i.str.trim()) && i.y > lowestBody));
  let lines = mergeCellContinuations(columnLines(kept, body));

  // Footnotes: small lines under the body that start with their number, and their continuations.
  const footnotes: string[] = [];
  const bodyText: Line[] = [];
  // A footnote runs on in lines of its own size; a footer set a point larger is not part of it.
  let previous: Line | null = null;
  for (const l of lines) {
    const small = l.size < body * SMALL && l.y < lowestBody;
    const text = lineText(l);
    if (small && FOOTNOTE.test(text)) {
      footnotes.push(text);
      previous = l;
    } else if (small && previous && Math.abs(previous.size - l.size) < 0.5 && previous.y - l.y < l.size * 1.6) {
      footnotes[footnotes.length - 1] += ' ' + text;
      previous = l;
    } else {
      previous = null;
      bodyText.push(l);
    }
  }
  lines = bodyText;

  // Line pitch of body text, to tell a paragraph gap from a line break.
  const gaps = new Map<number, number>();
  for (let i = 1; i < lines.length; i++) {
    const g = round(lines[i - 1].y - lines[i].y);
    if (g > 0 && Math.abs(lines[i].size - body) < 0.5 && Math.abs(lines[i - 1].size - body) < 0.5) gaps.set(g, (gaps.get(g) ?? 0) + 1);
  }
  const pitch = [...gaps].sort((a, b) => b[1] - a[1])[0]?.[0] ?? body * 1.3;

  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const prev = lines[i - 1];
    const text = lineText(l);
    if (prev) {
      const gap = prev.y - l.y;
      const columnSwitch = l.columnStart || gap < 0;
      const sizeChange = Math.abs(prev.size - l.size) >= 0.5;
      const bothRows = prev.cells.length > 1 && l.cells.length > 1;
      const breakHere = columnSwitch
        ? sizeChange || (/[.!?:;]$/.test(out[out.length - 1] ?? '') && /^[A-Z0-9]/.test(text))
        : sizeChange || (!bothRows && gap > pitch * 1.25 * Math.max(1, l.size / body));
      if (breakHere) out.push('');
    }
    out.push(text);
  }
  return { text: out.join('\n'), footnotes };
}
