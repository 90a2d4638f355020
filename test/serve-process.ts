import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { projectRoot } from '../lib/paths';
import { SCR } from './run-scr';

export interface ServeProcess {
  base: string;
  child: ChildProcess;
  /** Everything the process has written to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * `scr serve` in a child process, resolved once it logs that it is listening (a state, not a
 * guess at how long start-up takes), rejected with its stderr if it exits first.
 */
export async function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [SCR, 'serve', ...args], {
    cwd: projectRoot(),
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (d) => (stderr += d));
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`scr serve exited (code ${code}) before listening: ${stderr}`));
    child.once('exit', onExit);
    child.stdout!.on('data', (d) => {
      stdout += d;
      if (/Server listening at/.test(stdout)) {
        child.off('exit', onExit);
        resolve();
      }
    });
  });
  return {
    base: `http://127.0.0.1:${port}`,
    child,
    stderr: () => stderr,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
