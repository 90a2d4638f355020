import path from 'node:path';
import { execFile, spawnSync } from 'node:child_process';
import { projectRoot } from '../lib/paths';

/** The built `scr` as users run it, in a child process (`npm run build:server` first; npm test does it). */
export const SCR = path.join(projectRoot(), 'bin', 'scr.js');

export function runScr(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [SCR, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** As runScr, without blocking this process: for a command that talks to a server the test itself runs (an SMTP server, say). */
export function runScrAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCR, ...args], { encoding: 'utf8', env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
