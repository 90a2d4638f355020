import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export interface TestNode {
  url: string;
  port: number;
  /** The JVM's process id (for pausing it to play a slow cluster). */
  pid: number;
  version: string;
  stop(): Promise<void>;
}

export type TestNodeResult = TestNode | { unavailable: string };

const RUNNER = path.join(__dirname, 'es-runner.mjs');

/**
 * A real single-node Elasticsearch for tests, in a child process that stops the node when its
 * stdin closes, so the node goes when the test process goes, however it ends.
 */
export function startTestNode(options: { port?: number } = {}): Promise<TestNodeResult> {
  const child = spawn(process.execPath, [RUNNER], {
    env: { ...process.env, ES_PORT: String(options.port ?? 0), NODE_OPTIONS: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    log.push(chunk);
    if (log.length > 200) log.shift();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<TestNodeResult>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      lines.close();
      const msg = JSON.parse(line) as { url: string; pid: number; version: string } | { unavailable: string };
      if ('unavailable' in msg) return resolve(msg);
      child.unref();
      for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void }).unref?.();
      resolve({
        ...msg,
        port: Number(new URL(msg.url).port),
        stop: async () => {
          child.stdin.end();
          const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
          await exited;
          clearTimeout(timer);
        },
      });
    });
    child.once('exit', (code) => reject(new Error(`the test Elasticsearch node did not start (exit ${code}):\n${log.join('').slice(-4000)}`)));
  });
}
