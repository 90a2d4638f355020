/**
 * OCR of a PDF's pages that have no usable text layer: each page rendered by pdftoppm and read by
 * Tesseract, in the shared pool, within a time limit per page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inPool, run } from './pool';
import { readTsv } from './tsv';

/** Resolution Tesseract reads best at for body-size print. */
const OCR_DPI = 300;
const DEFAULT_PAGE_TIMEOUT_MS = 120_000;

export type OcrPageResult =
  | { num: number; ok: true; text: string; confidence: number | null; words: number }
  | { num: number; ok: false; error: string };

export interface OcrOptions {
  /** Time allowed for rendering and reading one page, after which both are killed and the page marked failed. */
  pageTimeoutMs?: number;
}

export function pageTimeoutMs(options: OcrOptions = {}): number {
  return options.pageTimeoutMs ?? (Number(process.env.SCR_OCR_PAGE_TIMEOUT_MS) || DEFAULT_PAGE_TIMEOUT_MS);
}

/** Render one page of a PDF file to a PNG file with pdftoppm. */
export async function renderPage(pdfFile: string, page: number, outFile: string, dpi: number, timeoutMs: number): Promise<void> {
  const root = outFile.replace(/\.png$/, '');
  await run('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-gray', '-png', '-singlefile', pdfFile, root], timeoutMs);
}

async function readPage(pdfFile: string, dir: string, num: number, timeoutMs: number): Promise<OcrPageResult> {
  const started = Date.now();
  const image = path.join(dir, `page-${num}.png`);
  try {
    await renderPage(pdfFile, num, image, OCR_DPI, timeoutMs);
    // One thread per Tesseract: the pool already runs one per core.
    const tsv = await run('tesseract', [image, '-', '--psm', '1', '-l', 'eng', 'tsv'], Math.max(1, timeoutMs - (Date.now() - started)), { OMP_THREAD_LIMIT: '1' });
    const page = readTsv(tsv);
    return { num, ok: true, text: page.text, confidence: page.confidence, words: page.words };
  } catch (err) {
    return { num, ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    fs.rmSync(image, { force: true });
  }
}

/** OCR the given pages (1-based) of a PDF; a page that fails or runs out of time is reported, never thrown. */
export async function ocrPdfPages(pdf: Buffer, pages: number[], options: OcrOptions = {}): Promise<OcrPageResult[]> {
  if (!pages.length) return [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scr-ocr-'));
  try {
    const file = path.join(dir, 'source.pdf');
    fs.writeFileSync(file, pdf);
    const timeout = pageTimeoutMs(options);
    return await Promise.all(pages.map((num) => inPool(() => readPage(file, dir, num, timeout))));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
