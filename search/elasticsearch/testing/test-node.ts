import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

/** The test node's address, from the jest global setup. */
export const esTestUrl = process.env.ES_TEST_URL;

export interface TestNode {
  url: string;
  port: number;
  /** The JVM's process id (for pausing it to play a slow cluster). */
  pid: number;
  version: string;
  stop(): Promise<void>;
}

export type TestNodeResult = TestNode | { unavailable: string };

/** What the global setup records of the run's shared node: ready (its version) or why it did not start. */
export type NodeState = { version: string } | { error: string };

/**
 * Wait until the run's shared node is up, as the global setup records it: on the node's state,
 * never a guess at how long a JVM takes to start. A node given by ES_TEST_URL is up already.
 */
export async function sharedNodeReady(): Promise<void> {
  const file = process.env.ES_TEST_NODE_STATE;
  if (!file) return;
  while (!fs.existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 200));
  const state = JSON.parse(fs.readFileSync(file, 'utf8')) as NodeState;
  if ('error' in state) throw new Error(state.error);
}

const RUNNER = path.join(__dirname, 'es-runner.mjs');

/** A node this machine can run, still starting: `ready` settles when it answers (or fails to start). */
export interface StartingNode {
  ready: Promise<TestNode>;
}

/**
 * A real single-node Elasticsearch for tests, in a child process that stops the node when its
 * stdin closes, so the node goes when the test process goes, however it ends. Resolves as soon as
 * the machine is known to be able to run one, with the node itself still starting.
 */
export function startTestNodeEarly(options: { port?: number } = {}): Promise<StartingNode | { unavailable: string }> {
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
  const failed = (code: number | null) => new Error(`the test Elasticsearch node did not start (exit ${code}):\n${log.join('').slice(-4000)}`);
  const lines = readline.createInterface({ input: child.stdout });
  // The iterator keeps lines that arrive before they are asked for.
  const iterator = lines[Symbol.asyncIterator]();
  const exitedEarly = new Promise<never>((_, reject) => child.once('exit', (code) => reject(failed(code))));
  exitedEarly.catch(() => undefined);
  const next = async () => {
    const line = await Promise.race([iterator.next(), exitedEarly]);
    if (line.done) throw failed(child.exitCode);
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  return next().then((first) => {
    if ('unavailable' in first) return { unavailable: String(first.unavailable) };
    const ready = next().then((msg) => {
      lines.close();
      const { url, pid, version } = msg as { url: string; pid: number; version: string };
      child.unref();
      for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void }).unref?.();
      return {
        url,
        pid,
        version,
        port: Number(new URL(url).port),
        stop: async () => {
          child.stdin.end();
          const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
          await exited;
          clearTimeout(timer);
        },
      };
    });
    return { ready };
  });
}

/** A test node, once it answers. */
export async function startTestNode(options: { port?: number } = {}): Promise<TestNodeResult> {
  const node = await startTestNodeEarly(options);
  return 'unavailable' in node ? node : node.ready;
}
