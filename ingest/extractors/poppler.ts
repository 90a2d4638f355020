/**
 * PDF text through poppler's pdftotext when it is installed: several times cheaper than pdf.js.
 * `pdftotext -bbox-layout` gives each word with its box; words are joined into runs as pdf.js
 * reports them and laid out by the same code as the pdf.js path, so both give the same text.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import type { RawDocument } from './extractor';
import { programVersion } from '../../lib/programs';
import { layOutPage, type TextItem } from './pdf-layout';

let available: boolean | undefined;

/** pdftotext on the PATH, unless SCR_PDF_READER=pdfjs asks for pdf.js. */
export function popplerAvailable(): boolean {
  if (process.env.SCR_PDF_READER === 'pdfjs') return false;
  available ??= programVersion('pdftotext', ['-v']) !== null;
  return available;
}

/**
 * A word's box height over its font size, and where its baseline sits in the box, for the
 * standard fonts; the layout compares sizes and gaps with each other, so other fonts keep their
 * proportions.
 */
const HEIGHT_PER_SIZE = 0.9;
const DESCENT_PER_SIZE = 0.217;
/** Words closer than this (in ems) belong to one run; wider gaps are tab stops or table cells. */
const RUN_GAP = 1.0;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m),
  );

const PAGE = /<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g;
const LINE = /<line [^>]*>([\s\S]*?)<\/line>/g;
const WORD = /<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g;

interface Word {
  x: number;
  xMax: number;
  y: number;
  size: number;
  str: string;
}

/** Join a line's words into runs: same size, and no wider gap than a few spaces. */
function runs(words: Word[]): TextItem[] {
  const items: TextItem[] = [];
  let run: Word | undefined;
  const flush = () => {
    if (run) items.push({ str: run.str, x: run.x, y: run.y, width: run.xMax - run.x, size: run.size });
    run = undefined;
  };
  for (const w of words) {
    if (run && Math.abs(run.size - w.size) < 0.25 && Math.abs(run.y - w.y) < 0.25 * w.size && w.x - run.xMax < RUN_GAP * w.size && w.x >= run.xMax - 0.5) {
      // Words that touch were one string on the page (a contents leader run up to its page number).
      run.str += (w.x - run.xMax < 0.1 * w.size ? '' : ' ') + w.str;
      run.xMax = w.xMax;
    } else {
      flush();
      run = { ...w };
    }
  }
  flush();
  return items;
}

export function parseBboxLayout(xhtml: string): RawDocument {
  const out: RawDocument = { pages: [], footnotes: [] };
  let n = 0;
  for (const page of xhtml.matchAll(PAGE)) {
    n++;
    const height = Number(page[2]);
    const items: TextItem[] = [];
    for (const line of page[3].matchAll(LINE)) {
      const words: Word[] = [];
      for (const w of line[1].matchAll(WORD)) {
        const [x, yMin, xMax, yMax] = [Number(w[1]), Number(w[2]), Number(w[3]), Number(w[4])];
        const size = Math.round(((yMax - yMin) / HEIGHT_PER_SIZE) * 100) / 100;
        // pdf.js measures y up from the bottom of the page, to the baseline.
        words.push({ x, xMax, y: height - (yMax - DESCENT_PER_SIZE * size), size, str: decode(w[5]) });
      }
      items.push(...runs(words));
    }
    const laid = layOutPage(items);
    out.pages.push({ num: n, text: laid.text });
    out.footnotes.push(...laid.footnotes.map((text) => ({ text, page: n })));
  }
  return out;
}

/** The document through pdftotext, or null when poppler cannot read it (pdf.js then tries, and says why if it cannot). */
export function extractWithPoppler(data: Buffer): RawDocument | null {
  const file = path.join(os.tmpdir(), `scr-pdf-${process.pid}-${crypto.randomBytes(6).toString('hex')}.pdf`);
  fs.writeFileSync(file, data);
  try {
    // Bounded like the worker that runs it, so that pdftotext never outlives a reader stopped at its limit.
    const timeout = (Number(process.env.SCR_READ_TIMEOUT_S) || 600) * 1000;
    const res = spawnSync('pdftotext', ['-q', '-bbox-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, timeout, killSignal: 'SIGKILL' });
    if (res.status !== 0 || !res.stdout) return null;
    const doc = parseBboxLayout(res.stdout);
    return doc.pages.length ? doc : null;
  } finally {
    fs.rmSync(file, { force: true });
  }
}
