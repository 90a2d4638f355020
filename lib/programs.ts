import { execFileSync } from 'node:child_process';

/**
 * The first line a program prints of its version, or null when it is not installed. Some print it
 * on stderr (pdftoppm, pdftotext), others on stdout; some exit non-zero after printing it.
 */
export function programVersion(program: string, args: string[]): string | null {
  try {
    const out = execFileSync(program, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
    return out.split('\n')[0].trim() || program;
  } catch (err) {
    const e = err as { code?: string; stderr?: string };
    if (e.code === 'ENOENT') return null;
    return (e.stderr ?? '').split('\n')[0].trim() || program;
  }
}
