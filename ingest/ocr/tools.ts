/** Whether the programs OCR needs are installed, and what to install where they are not. */
import { execFileSync } from 'node:child_process';

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

function versionOf(program: string, args: string[]): string | null {
  try {
    // pdftoppm prints its version on stderr; tesseract on stdout.
    const out = execFileSync(program, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
    return out.split('\n')[0].trim() || program;
  } catch (err) {
    const e = err as { code?: string; stderr?: string };
    if (e.code === 'ENOENT') return null;
    return (e.stderr ?? '').split('\n')[0].trim() || program;
  }
}

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
  const tesseract = versionOf('tesseract', ['--version']);
  if (!tesseract) missing.push(...OCR_PACKAGES.tesseract);
  else if (!hasEnglish()) missing.push('tesseract-ocr-eng');
  if (!versionOf('pdftoppm', ['-v'])) missing.push(...OCR_PACKAGES.pdftoppm);
  cached = { available: missing.length === 0, missing, engine: tesseract };
  return cached;
}
