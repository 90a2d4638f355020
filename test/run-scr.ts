import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { projectRoot } from '../lib/paths';

/** The built `scr` as users run it, in a child process (`npm run build:server` first; npm test does it). */
export const SCR = path.join(projectRoot(), 'bin', 'scr.js');

export function runScr(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [SCR, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}
