/**
 * Child processes for OCR, at most one per core across the whole process, each with a time
 * limit after which it is killed. The work happens in the children: the event loop only waits.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';

export class ProcessTimeout extends Error {
  constructor(program: string, ms: number) {
    super(`${program} took longer than ${Math.round(ms / 1000)} s and was stopped`);
    this.name = 'ProcessTimeout';
  }
}

const limit = Math.max(1, os.availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

/** Run `task` once a slot is free; slots are shared by every caller in this process. */
export async function inPool<T>(task: () => Promise<T>): Promise<T> {
  if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await task();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Run a program to completion within `timeoutMs`; on timeout it is killed (SIGKILL) and a ProcessTimeout thrown. */
export function run(program: string, args: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      program,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', env: { ...process.env, ...env } },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        if ((err as { killed?: boolean }).killed) return reject(new ProcessTimeout(program, timeoutMs));
        reject(new Error(`${program} failed: ${(stderr || err.message).split('\n')[0]}`));
      },
    );
  });
}
