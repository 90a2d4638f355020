/** Page images of stored PDFs for editors checking OCR text, rendered once by pdftoppm and kept in the data dir. */
import fs from 'node:fs';
import path from 'node:path';
import type { ReviewRecord } from '../model';
import type { Store } from '../store/store';
import { ocrTools, OCR_PACKAGES, renderPage } from '../ingest/ocr';
import { inPool } from '../ingest/ocr/pool';
import { EditorialError } from './editorial/editorial';

/** Sharp enough to read small print beside the recognised text, small enough to load quickly. */
const IMAGE_DPI = 110;
const RENDER_TIMEOUT_MS = 60_000;

/** The path of a PNG of page `num` of the review's original file, rendering it on first use. */
export async function pageImage(store: Store, record: ReviewRecord, num: number): Promise<string> {
  if (record.source.type !== 'pdf') throw new EditorialError(404, `Review ${record.id} is a ${record.source.type.toUpperCase()} file: only PDF pages have images.`);
  if (num > record.source.pages) throw new EditorialError(404, `Review ${record.id} has ${record.source.pages} pages, not ${num}.`);
  const dir = path.join(store.dataDir, 'cache', 'page-images');
  const target = path.join(dir, `${record.source.sha256}-${num}-${IMAGE_DPI}.png`);
  if (fs.existsSync(target)) return target;
  if (ocrTools().missing.includes(OCR_PACKAGES.pdftoppm[0])) {
    throw new EditorialError(503, `Page images need pdftoppm: install ${OCR_PACKAGES.pdftoppm.join(', ')} on the server.`);
  }
  fs.mkdirSync(dir, { recursive: true });
  // Rendered beside the cache and renamed into it, so a reader never sees half an image.
  const work = fs.mkdtempSync(path.join(dir, '.render-'));
  try {
    const out = path.join(work, 'page.png');
    await inPool(() => renderPage(store.filePath(record.source.sha256, 'pdf'), num, out, IMAGE_DPI, RENDER_TIMEOUT_MS));
    fs.renameSync(out, target);
    return target;
  } catch (err) {
    if (err instanceof EditorialError) throw err;
    throw new EditorialError(503, `Page ${num} could not be rendered: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
