/** Whether the programs OCR needs are installed, and what to install where they are not. */
import { execFileSync } from 'node:child_process';
import { programVersion } from '../../lib/programs';

/** Debian packages that provide each program; named in what the editor is told to install. */
export const OCR_PACKAGES = { tesseract: ['tesseract-ocr', 'tesseract-ocr-eng'], pdftoppm: ['poppler-utils'] } as const;

export interface OcrTools {
  available: boolean;
  /** Packages to install for OCR to work; empty when it does. */
  missing: string[];
  /** e.g. "tesseract 5.3.0", recorded with the text it read. */
  engine: string | null;
}

let cached: OcrTools | undefined;

function hasEnglish(): boolean {
  try {
    return /^eng$/m.test(execFileSync('tesseract', ['--list-langs'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }));
  } catch {
    return false;
  }
}

/** Looked up once per process: installing a package means restarting the service. */
export function ocrTools(): OcrTools {
  if (cached) return cached;
  const missing: string[] = [];
  const tesseract = programVersion('tesseract', ['--version']);
  if (!tesseract) missing.push(...OCR_PACKAGES.tesseract);
  else if (!hasEnglish()) missing.push('tesseract-ocr-eng');
  if (!programVersion('pdftoppm', ['-v'])) missing.push(...OCR_PACKAGES.pdftoppm);
  cached = { available: missing.length === 0, missing, engine: tesseract };
  return cached;
}
