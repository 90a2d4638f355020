/**
 * Reading order and paragraph breaks from the positions of a PDF page's text items: lines by
 * baseline, two columns read left then right, a blank line where the vertical gap or the font size
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
 * Two columns when a good number of body-size items start just right of the middle of the page:
 * then the items between the columns' top and bottom are read left column first, and text above
 * and below them (running headers, footers, footnotes) keeps its place.
 */
function columnLines(items: TextItem[], pageWidth: number, body: number): Line[] {
  const gutter = pageWidth / 2 - 15;
  const isBody = (i: TextItem) => Math.abs(i.size - body) < 0.5;
  // A column starts after a gutter: text that runs on from a word just before it is one wide line.
  const runsOn = (i: TextItem) => items.some((j) => j !== i && Math.abs(j.y - i.y) < 0.5 * i.size && j.x < i.x && i.x - (j.x + j.width) < i.size);
  const rightStarts = items.filter((i) => isBody(i) && i.x > gutter && i.x < gutter + 55 && !runsOn(i));
  const leftBody = items.filter((i) => isBody(i) && i.x < gutter && i.x + i.width < gutter + 20);
  if (new Set(rightStarts.map((i) => round(i.y))).size < 5 || leftBody.length < 5) return toLines(items);
  // Headings sit a little above the first body line; running headers and footers well outside.
  const bodyItems = items.filter(isBody);
  const top = Math.max(...bodyItems.map((i) => i.y)) + 2 * body;
  const bottom = Math.min(...bodyItems.map((i) => i.y)) - body / 2;
  const within = (i: TextItem) => i.y <= top && i.y >= bottom;
  const right = toLines(items.filter((i) => within(i) && i.x >= gutter));
  if (right.length) right[0].columnStart = true;
  return [
    ...toLines(items.filter((i) => i.y > top)),
    ...toLines(items.filter((i) => within(i) && i.x < gutter)),
    ...right,
    ...toLines(items.filter((i) => i.y < bottom)),
  ];
}

export interface LaidOutPage {
  text: string;
  footnotes: string[];
}

export function layOutPage(items: TextItem[], pageWidth: number): LaidOutPage {
  const visible = items.filter((i) => i.str.trim());
  if (!visible.length) return { text: '', footnotes: [] };
  const body = bodySize(visible);
  const bodyLines = visible.filter((i) => Math.abs(i.size - body) < 0.5);
  const lowestBody = Math.min(...bodyLines.map((i) => i.y));
  // Footnote reference markers: small digits set among the body text.
  const kept = visible.filter((i) => !(i.size < body * SMALL && /^\d{1,3}$/.test(i.str.trim()) && i.y > lowestBody));
  let lines = mergeCellContinuations(columnLines(kept, pageWidth, body));

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
