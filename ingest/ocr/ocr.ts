/**
 * OCR of a PDF's pages that have no usable text layer: each page rendered by pdftoppm and read by
 * Tesseract, in the shared pool, within a time limit per page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../../lib/atomic-write';
import { sha256 } from '../../store/store';
import { inPool, run } from './pool';
import { readTsv } from './tsv';
import { ocrTools } from './tools';

/** Resolution Tesseract reads best at for body-size print. */
const OCR_DPI = 300;
const DEFAULT_PAGE_TIMEOUT_MS = 120_000;

export type OcrPageResult =
  | { num: number; ok: true; text: string; confidence: number | null; words: number }
  | { num: number; ok: false; error: string };

export interface OcrOptions {
  /** Time allowed for rendering and reading one page, after which both are killed and the page marked failed. */
  pageTimeoutMs?: number;
  /**
   * Where pages already read are kept, by the file's content, the page and the engine, so the
   * same scan is never read twice (a batch run again, a re-extraction); null for no cache.
   * Defaults to SCR_OCR_CACHE_DIR, else scr-ocr-cache in the system's temporary directory.
   */
  cacheDir?: string | null;
}

/** Settings that change what a page reads as: part of every cache key. */
const SETTINGS = `${OCR_DPI}dpi-psm1-eng`;

function cacheDirOf(options: OcrOptions): string | null {
  if (options.cacheDir !== undefined) return options.cacheDir;
  return process.env.SCR_OCR_CACHE_DIR || path.join(os.tmpdir(), 'scr-ocr-cache');
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

type ReadPage = Extract<OcrPageResult, { ok: true }>;

function cached(file: string | null): ReadPage | null {
  if (!file) return null;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ReadPage;
  } catch {
    return null;
  }
}

/** OCR the given pages (1-based) of a PDF; a page that fails or runs out of time is reported, never thrown. */
export async function ocrPdfPages(pdf: Buffer, pages: number[], options: OcrOptions = {}): Promise<OcrPageResult[]> {
  if (!pages.length) return [];
  const cacheDir = cacheDirOf(options);
  const key = cacheDir ? `${sha256(pdf)}-${(ocrTools().engine ?? 'tesseract').replace(/[^\w.]+/g, '_')}-${SETTINGS}` : '';
  const cacheFile = (num: number) => (cacheDir ? path.join(cacheDir, `${key}-p${num}.json`) : null);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scr-ocr-'));
  try {
    const file = path.join(dir, 'source.pdf');
    fs.writeFileSync(file, pdf);
    const timeout = pageTimeoutMs(options);
    return await Promise.all(
      pages.map(async (num) => {
        const hit = cached(cacheFile(num));
        if (hit) return hit;
        const result = await inPool(() => readPage(file, dir, num, timeout));
        // Only what was read is kept: a page that failed is tried again next time.
        const target = cacheFile(num);
        if (result.ok && target) writeFileAtomic(target, JSON.stringify(result));
        return result;
      }),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
