import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFParse } from 'pdf-parse';
import type { PageBasis } from '../../model';
import type { RawPage } from './extractor';

/**
 * A paragraph, or a table as its rows, in reading order: the unit a Word file's pages are worked
 * out for. `breakBefore` is a page break the file records just before it.
 */
export interface WordBlock {
  lines: string[];
  breakBefore: boolean;
}

/** Words on a typical report page (A4, 11-12 pt, headings and spacing): the estimate's yardstick. */
export const WORDS_PER_PAGE = 450;

/** LibreOffice lays out a long report in seconds; beyond this it is stuck, and the estimate will do. */
const OFFICE_TIMEOUT_MS = 120_000;

const run = promisify(execFile);

/**
 * Run LibreOffice in a process group of its own, and on timeout kill the whole group: soffice is a
 * launcher, and killing it alone would leave the office process behind, still holding the file.
 */
function convert(program: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { detached: true, stdio: 'ignore' });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }, OFFICE_TIMEOUT_MS);
    child.on('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}

/**
 * LibreOffice's soffice: SCR_SOFFICE names it where it is not on the PATH, and "none" goes without
 * it (pages are then estimated), e.g. to measure extraction alone.
 */
function soffice(): string | null {
  const configured = process.env.SCR_SOFFICE;
  return configured === 'none' ? null : configured || 'soffice';
}

/** Under this many words a document fits on a page or two whatever its layout: not worth laying out. */
const SHORT_DOCUMENT_WORDS = 150;

/**
 * The text of each page of the file as LibreOffice lays it out, or null where LibreOffice is not
 * installed or fails on the file (the caller then estimates). Each run has a private profile, so
 * concurrent runs, or a LibreOffice open elsewhere, do not block one another.
 */
export async function layOutWithOffice(data: Buffer, ext: 'docx' | 'doc'): Promise<string[] | null> {
  const program = soffice();
  if (!program) return null;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scr-layout-'));
  try {
    const src = path.join(dir, `report.${ext}`);
    await fs.writeFile(src, data);
    const args = [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', path.join(dir, 'out'), src];
    if (!(await convert(program, args))) return null;
    const pdf = await fs.readFile(path.join(dir, 'out', 'report.pdf')).catch(() => null);
    if (!pdf) return null;
    const parser = new PDFParse({ data: new Uint8Array(pdf), verbosity: 0 });
    try {
      const { pages } = await parser.getText();
      return pages.map((p) => p.text);
    } catch {
      return null;
    } finally {
      await parser.destroy();
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** True when LibreOffice can be run here. */
export async function officeAvailable(): Promise<boolean> {
  const program = soffice();
  if (!program) return false;
  try {
    await run(program, ['--version'], { timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

function words(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** How many of a block's first words must be found together on a laid-out page to place it. */
const PROBE = 6;

/**
 * The page each block starts on in a layout: its first words are looked for in the layout's words,
 * moving forward only, so a phrase that recurs later is not mistaken for it. Running headers,
 * footers and footnotes in the layout sit between the body's words and are simply passed over.
 */
export function pagesFromLayout(blocks: WordBlock[], layout: string[]): number[] {
  const stream: { word: string; page: number }[] = [];
  layout.forEach((text, i) => {
    for (const word of words(text)) stream.push({ word, page: i + 1 });
  });
  const out: number[] = [];
  let cursor = 0;
  let page = 1;
  for (const block of blocks) {
    const own = words(block.lines.join(' '));
    for (const size of [Math.min(PROBE, own.length), Math.min(3, own.length)]) {
      if (!size) break;
      const at = find(stream, own.slice(0, size), cursor);
      if (at < 0) continue;
      page = Math.max(page, stream[at].page);
      cursor = at + Math.max(1, Math.floor(own.length * 0.9));
      break;
    }
    out.push(page);
  }
  return out;
}

function find(stream: { word: string }[], probe: string[], from: number): number {
  outer: for (let i = from; i + probe.length <= stream.length; i++) {
    for (let j = 0; j < probe.length; j++) if (stream[i + j].word !== probe[j]) continue outer;
    return i;
  }
  return -1;
}

/** Pages from the breaks the file records: a new page at each. */
export function pagesFromBreaks(blocks: WordBlock[]): number[] {
  let page = 1;
  let started = false;
  return blocks.map((b) => {
    if (b.breakBefore && started) page++;
    started = true;
    return page;
  });
}

/** Pages from the recorded breaks, and a new page wherever a typical page would be full. */
export function estimatePages(blocks: WordBlock[]): number[] {
  let page = 1;
  let used = 0;
  return blocks.map((b, i) => {
    const n = words(b.lines.join(' ')).length;
    if (i > 0 && (b.breakBefore || (used > 0 && used + n > WORDS_PER_PAGE))) {
      page++;
      used = 0;
    }
    used += n;
    // A block longer than a page fills the pages it runs over.
    while (used > WORDS_PER_PAGE * 1.5) {
      page++;
      used -= WORDS_PER_PAGE;
    }
    return page;
  });
}

/** The pages a list of blocks makes once each has its page: one line per paragraph, a blank line after each block. */
export function paginate(blocks: WordBlock[], pageOf: number[]): RawPage[] {
  const last = Math.max(1, ...pageOf);
  const pages: string[][] = Array.from({ length: last }, () => []);
  blocks.forEach((b, i) => pages[pageOf[i] - 1].push(...b.lines, ''));
  return pages.map((lines, i) => ({ num: i + 1, text: lines.join('\n') }));
}

/**
 * The pages of a Word file: from Word's own record of its page breaks where the file has one,
 * else from a LibreOffice layout, else estimated.
 */
export async function wordPageNumbers(
  blocks: WordBlock[],
  data: Buffer,
  ext: 'docx' | 'doc',
  rendered: boolean,
): Promise<{ pageOf: number[]; pageBasis: PageBasis }> {
  if (rendered) return { pageOf: pagesFromBreaks(blocks), pageBasis: 'exact' };
  const length = blocks.reduce((n, b) => n + words(b.lines.join(' ')).length, 0);
  const layout = length >= SHORT_DOCUMENT_WORDS ? await layOutWithOffice(data, ext) : null;
  if (layout?.length) return { pageOf: pagesFromLayout(blocks, layout), pageBasis: 'laid-out' };
  return { pageOf: estimatePages(blocks), pageBasis: 'estimated' };
}
