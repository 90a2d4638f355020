#!/usr/bin/env node
// Embedded single-node Elasticsearch for tests: a real ES server started in a JVM from Maven Central jars
// (see scripts/es/pom.xml and README.md). No Docker needed.
//
// Module API:
//   import { startElasticsearch } from './scripts/es/es-node.mjs';
//   const es = await startElasticsearch();          // { url, port, pid, version, home, stop() }
//   ... new Client({ node: es.url }) ...
//   await es.stop();                                 // SIGTERM, waits for exit, deletes the temp home
//   The JVM also exits by itself when this Node process exits or dies (it watches its stdin pipe).
//
// CLI:
//   node scripts/es/es-node.mjs build                # mvn -q -B package if needed
//   node scripts/es/es-node.mjs start                # background node; prints URL; writes .run/es.pid, .run/es.url
//   node scripts/es/es-node.mjs stop                 # stops the background node
//   node scripts/es/es-node.mjs run                  # foreground until Ctrl-C
//
// Environment (all optional): ES_PORT (default 0 = any free port), ES_HEAP (default 512m),
// ES_CLUSTER_NAME, ES_LOG_LEVEL (default WARN), ES_JAVA_HOME (a JDK >= 21), ES_STATE_DIR (default scripts/es/.run),
// ES_START_TIMEOUT_MS (default 120000, excluding the build).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TARGET = path.join(HERE, 'target');
const LAUNCHER_JAR = path.join(TARGET, 'es-node.jar');
const PLUGIN_JAR = path.join(TARGET, 'es-node-plugin.jar');
const CLASSPATH_FILE = path.join(TARGET, 'server.classpath');
const MODULES_DIR = path.join(TARGET, 'modules');
const STAMP = path.join(TARGET, '.build-stamp');
const LOCK = path.join(HERE, '.build.lock');
const MIN_JAVA = 21;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------ JDK discovery

function jdkMajor(home) {
  try {
    const release = fs.readFileSync(path.join(home, 'release'), 'utf8');
    const m = release.match(/^JAVA_VERSION="(\d+)(?:\.(\d+))?/m);
    if (!m) return 0;
    return m[1] === '1' ? Number(m[2]) : Number(m[1]);
  } catch {
    return 0;
  }
}

function isJdk(home) {
  return fs.existsSync(path.join(home, 'bin', 'java')) && fs.existsSync(path.join(home, 'bin', 'javac'));
}

/** Returns { home, java, major } for a JDK >= 21: ES_JAVA_HOME, JAVA_HOME, `java` on PATH, then /usr/lib/jvm/* (newest first). */
export function findJava() {
  const candidates = [];
  if (process.env.ES_JAVA_HOME) candidates.push(process.env.ES_JAVA_HOME);
  if (process.env.JAVA_HOME) candidates.push(process.env.JAVA_HOME);
  const which = spawnSync('sh', ['-c', 'command -v java'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) {
    try {
      candidates.push(path.dirname(path.dirname(fs.realpathSync(which.stdout.trim()))));
    } catch {
      /* ignore */
    }
  }
  for (const root of ['/usr/lib/jvm', '/usr/local/lib/jvm', '/opt/java']) {
    try {
      const homes = fs
        .readdirSync(root)
        .map((d) => path.join(root, d))
        .filter((h) => isJdk(h))
        .sort((a, b) => jdkMajor(b) - jdkMajor(a));
      candidates.push(...homes);
    } catch {
      /* ignore */
    }
  }
  for (const home of candidates) {
    const major = jdkMajor(home);
    if (major >= MIN_JAVA && isJdk(home)) return { home, java: path.join(home, 'bin', 'java'), major };
  }
  throw new Error(
    `Elasticsearch 9 needs a JDK >= ${MIN_JAVA}; none found (checked ES_JAVA_HOME, JAVA_HOME, PATH, /usr/lib/jvm). ` +
      `Set ES_JAVA_HOME to one.`,
  );
}

// ------------------------------------------------------------------ build

function newestSourceMtime() {
  let newest = fs.statSync(path.join(HERE, 'pom.xml')).mtimeMs;
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  walk(path.join(HERE, 'src'));
  return newest;
}

function buildIsCurrent() {
  for (const f of [LAUNCHER_JAR, PLUGIN_JAR, CLASSPATH_FILE, STAMP, path.join(MODULES_DIR, 'transport-netty4')]) {
    if (!fs.existsSync(f)) return false;
  }
  if (fs.statSync(STAMP).mtimeMs < newestSourceMtime()) return false;
  // the classpath points into ~/.m2: make sure it is still there (fresh machine, cleaned cache)
  const cp = fs.readFileSync(CLASSPATH_FILE, 'utf8').trim().split(path.delimiter);
  return cp.length > 0 && cp.every((jar) => fs.existsSync(jar));
}

async function withBuildLock(fn) {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      fs.writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      // stale lock: owner gone or older than 15 minutes
      let stale = false;
      try {
        const owner = Number(fs.readFileSync(LOCK, 'utf8'));
        const age = Date.now() - fs.statSync(LOCK).mtimeMs;
        stale = age > 15 * 60_000 || !owner || !pidAlive(owner);
      } catch {
        stale = true;
      }
      if (stale) {
        fs.rmSync(LOCK, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for build lock ${LOCK}`);
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(LOCK, { force: true });
  }
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Builds scripts/es with `mvn -q -B package` unless the build is current. Resolves to the JDK used. */
export async function ensureBuilt({ log = () => {} } = {}) {
  const jdk = findJava();
  if (buildIsCurrent()) return jdk;
  await withBuildLock(async () => {
    if (buildIsCurrent()) return; // built by someone else meanwhile
    log(`building embedded Elasticsearch (mvn -q -B package, JDK ${jdk.major})...`);
    const res = await new Promise((resolve) => {
      const child = spawn('mvn', ['-q', '-B', 'package'], {
        cwd: HERE,
        env: { ...process.env, JAVA_HOME: jdk.home },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('error', (err) => resolve({ code: -1, output: output + String(err) }));
      child.on('close', (code) => resolve({ code, output }));
    });
    if (res.code !== 0) {
      throw new Error(`mvn package failed in ${HERE} (exit ${res.code}):\n${res.output.slice(-4000)}`);
    }
    fs.writeFileSync(STAMP, new Date().toISOString());
  });
  return jdk;
}

// ------------------------------------------------------------------ start

function javaArgs(jdk, { home, port, clusterName, heap, logLevel, watchStdin, quickJit }) {
  const cp = [LAUNCHER_JAR, fs.readFileSync(CLASSPATH_FILE, 'utf8').trim()].join(path.delimiter);
  return [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    '-XX:+UseSerialGC',
    // The client compiler only: a node started for a short test run spends about half the
    // processor time getting ready (scripts/es/start-time.mjs), at some cost to its later speed.
    ...(quickJit ? ['-XX:TieredStopAtLevel=1'] : []),
    '-XX:+ExitOnOutOfMemoryError',
    '-XX:-OmitStackTraceInFastThrow',
    '-Dfile.encoding=UTF-8',
    '-Djava.locale.providers=CLDR',
    `-Djava.io.tmpdir=${path.join(home, 'tmp')}`,
    '-Dlog4j.shutdownHookEnabled=false',
    '-Dlog4j2.disable.jmx=true',
    '-Dlog4j2.formatMsgNoLookups=true',
    '-Dio.netty.noUnsafe=true',
    '-Dio.netty.noKeySetOptimization=true',
    '-Dio.netty.recycler.maxCapacityPerThread=0',
    '--enable-native-access=ALL-UNNAMED',
    '--add-modules=jdk.incubator.vector',
    `-Desnode.home=${home}`,
    `-Desnode.port=${port}`,
    `-Desnode.cluster=${clusterName}`,
    `-Desnode.logLevel=${logLevel}`,
    `-Desnode.modules=${MODULES_DIR}`,
    `-Desnode.pluginJar=${PLUGIN_JAR}`,
    '-Desnode.deleteHome=true',
    `-Desnode.watchStdin=${watchStdin ? 'true' : 'false'}`,
    '-cp',
    cp,
    'org.casereview.esnode.EsNode',
  ];
}

async function waitForHealth(url, deadline) {
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=10s`);
      const body = await res.json();
      if (res.ok && (body.status === 'green' || body.status === 'yellow')) return body;
      last = JSON.stringify(body);
    } catch (e) {
      last = String(e);
    }
    await sleep(200);
  }
  throw new Error(`Elasticsearch at ${url} did not become healthy: ${last}`);
}

/**
 * Starts a fresh node in a new temp home (deleted on stop).
 * @param {{port?: number, clusterName?: string, heap?: string, logLevel?: string, startTimeoutMs?: number,
 *          quickJit?: boolean, onLog?: (line: string) => void}} [opts]
 * @returns {Promise<{url: string, port: number, pid: number, version: string, home: string, stop: () => Promise<void>}>}
 */
export async function startElasticsearch(opts = {}) {
  const jdk = await ensureBuilt({ log: opts.onLog ?? (() => {}) });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'es-test-node-'));
  fs.mkdirSync(path.join(home, 'tmp'));
  const cfg = {
    home,
    port: opts.port ?? Number(process.env.ES_PORT ?? 0),
    clusterName: opts.clusterName ?? process.env.ES_CLUSTER_NAME ?? 'casereview-test',
    heap: opts.heap ?? process.env.ES_HEAP ?? '512m',
    logLevel: opts.logLevel ?? process.env.ES_LOG_LEVEL ?? 'WARN',
    watchStdin: true,
    quickJit: opts.quickJit ?? false,
  };
  const timeoutMs = opts.startTimeoutMs ?? Number(process.env.ES_START_TIMEOUT_MS ?? 120_000);
  const child = spawn(jdk.java, javaArgs(jdk, cfg), { stdio: ['pipe', 'pipe', 'pipe'] });

  const tail = [];
  const remember = (line) => {
    tail.push(line);
    if (tail.length > 200) tail.shift();
    opts.onLog?.(line);
  };
  let exited = null;
  const exitPromise = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    }),
  );
  let spawnError = null;
  child.on('error', (err) => (spawnError = err));

  const ready = new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        remember(line);
        const m = line.match(/^ES_NODE_READY (\S+) version=(\S+)/);
        if (m) resolve({ url: m[1], version: m[2] });
      }
    });
    let ebuf = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      ebuf += chunk;
      let i;
      while ((i = ebuf.indexOf('\n')) >= 0) {
        remember(ebuf.slice(0, i));
        ebuf = ebuf.slice(i + 1);
      }
    });
    exitPromise.then((e) =>
      reject(new Error(`Elasticsearch JVM exited before it was ready (${JSON.stringify(e)}${spawnError ? `, ${spawnError}` : ''}):\n${tail.join('\n')}`)),
    );
    setTimeout(() => reject(new Error(`Elasticsearch not ready after ${timeoutMs} ms:\n${tail.join('\n')}`)), timeoutMs).unref();
  });

  // Never let this JVM outlive us: on normal exit send SIGTERM (the JVM also exits on stdin EOF if we are killed).
  const onExit = () => {
    if (!exited) child.kill('SIGTERM');
  };
  process.once('exit', onExit);

  let stopping = null;
  const stop = () => {
    if (!stopping) {
      stopping = (async () => {
        process.removeListener('exit', onExit);
        if (!exited) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => !exited && child.kill('SIGKILL'), 30_000);
          await exitPromise;
          clearTimeout(timer);
        }
        fs.rmSync(home, { recursive: true, force: true });
      })();
    }
    return stopping;
  };

  try {
    const { url, version } = await ready;
    await waitForHealth(url, Date.now() + timeoutMs);
    // do not keep the event loop alive because of the child; stop() or process exit ends it
    child.unref();
    child.stdout.unref?.();
    child.stderr.unref?.();
    child.stdin.unref?.();
    return { url, port: Number(new URL(url).port), pid: child.pid, version, home, stop, logTail: () => tail.join('\n') };
  } catch (e) {
    await stop();
    throw e;
  }
}

// ------------------------------------------------------------------ CLI (background node)

const STATE_DIR = process.env.ES_STATE_DIR ?? path.join(HERE, '.run');
const PID_FILE = path.join(STATE_DIR, 'es.pid');
const URL_FILE = path.join(STATE_DIR, 'es.url');
const LOG_FILE = path.join(STATE_DIR, 'es.log');

async function cliStart() {
  if (fs.existsSync(PID_FILE)) {
    const pid = Number(fs.readFileSync(PID_FILE, 'utf8'));
    if (pidAlive(pid)) {
      console.log(fs.readFileSync(URL_FILE, 'utf8').trim());
      return;
    }
  }
  const jdk = await ensureBuilt({ log: (m) => console.error(m) });
  fs.mkdirSync(STATE_DIR, { recursive: true });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'es-test-node-'));
  fs.mkdirSync(path.join(home, 'tmp'));
  const cfg = {
    home,
    port: Number(process.env.ES_PORT ?? 0),
    clusterName: process.env.ES_CLUSTER_NAME ?? 'casereview-test',
    heap: process.env.ES_HEAP ?? '512m',
    logLevel: process.env.ES_LOG_LEVEL ?? 'WARN',
    watchStdin: false,
  };
  const out = fs.openSync(LOG_FILE, 'w');
  const child = spawn(jdk.java, javaArgs(jdk, cfg), { stdio: ['ignore', out, out], detached: true });
  child.unref();
  fs.closeSync(out);
  fs.writeFileSync(PID_FILE, String(child.pid));
  const deadline = Date.now() + Number(process.env.ES_START_TIMEOUT_MS ?? 120_000);
  let url = null;
  while (Date.now() < deadline && !url) {
    const m = fs.readFileSync(LOG_FILE, 'utf8').match(/^ES_NODE_READY (\S+)/m);
    if (m) url = m[1];
    else if (!pidAlive(child.pid)) break;
    else await sleep(100);
  }
  if (!url) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    fs.rmSync(PID_FILE, { force: true });
    fs.rmSync(home, { recursive: true, force: true });
    console.error(fs.readFileSync(LOG_FILE, 'utf8').split('\n').slice(-60).join('\n'));
    throw new Error(`Elasticsearch failed to start (log: ${LOG_FILE})`);
  }
  await waitForHealth(url, deadline);
  fs.writeFileSync(URL_FILE, url + '\n');
  console.log(url);
}

async function cliStop() {
  if (!fs.existsSync(PID_FILE)) {
    console.error('no background Elasticsearch (no pid file)');
    return;
  }
  const pid = Number(fs.readFileSync(PID_FILE, 'utf8'));
  if (pid && pidAlive(pid)) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 30_000;
    while (pidAlive(pid) && Date.now() < deadline) await sleep(100);
    if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  fs.rmSync(PID_FILE, { force: true });
  fs.rmSync(URL_FILE, { force: true });
  console.error(`stopped Elasticsearch (pid ${pid})`);
}

async function cliRun() {
  const es = await startElasticsearch({ onLog: (l) => console.error(l) });
  console.log(`${es.url} (Elasticsearch ${es.version}, pid ${es.pid}); Ctrl-C to stop`);
  const shutdown = async () => {
    await es.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  setInterval(() => {}, 1 << 30);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cmd = process.argv[2] ?? 'run';
  const commands = {
    build: async () => {
      const jdk = await ensureBuilt({ log: (m) => console.error(m) });
      console.error(`built with JDK ${jdk.major} (${jdk.home})`);
    },
    start: cliStart,
    stop: cliStop,
    run: cliRun,
  };
  if (!commands[cmd]) {
    console.error('usage: node scripts/es/es-node.mjs [build|start|stop|run]');
    process.exit(2);
  }
  commands[cmd]().catch((e) => {
    console.error(e.message ?? e);
    process.exit(1);
  });
}
