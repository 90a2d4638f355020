// Starts the test Elasticsearch node (scripts/es) and keeps it until this process's stdin closes
// or it is sent SIGTERM; prints JSON lines on stdout: {"starting":true} once it knows it can run a
// node, then {"url","pid","version"} when ready; or {"unavailable": reason} alone when this machine
// lacks a JDK 21+ or Maven. ES_PORT picks the port.
import { spawnSync } from 'node:child_process';
import { findJava, startElasticsearch } from '../../../scripts/es/es-node.mjs';

function unavailable() {
  try {
    findJava();
  } catch (e) {
    return e.message;
  }
  if (spawnSync('sh', ['-c', 'command -v mvn'], { encoding: 'utf8' }).status !== 0) return 'Maven (mvn) is not on the PATH';
  return undefined;
}

const reason = unavailable();
if (reason) {
  process.stdout.write(JSON.stringify({ unavailable: reason }) + '\n');
  process.exit(0);
}

// This machine can run a node: say so at once, so a caller can go on while the JVM starts.
process.stdout.write(JSON.stringify({ starting: true }) + '\n');
// A test node: ready with half the processor time, which a test run on a 2-core machine needs more than the node's top speed.
const es = await startElasticsearch({ quickJit: true, onLog: (line) => process.stderr.write(line + '\n') });
let stopping;
const stop = () => {
  stopping ??= es.stop().then(() => process.exit(0));
  return stopping;
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.stdout.write(JSON.stringify({ url: es.url, pid: es.pid, version: es.version }) + '\n');
