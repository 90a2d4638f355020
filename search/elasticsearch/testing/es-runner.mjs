// Starts the test Elasticsearch node (scripts/es) and keeps it until this process's stdin closes
// or it is sent SIGTERM; prints one JSON line on stdout: {"url","pid","version"} when ready, or
// {"unavailable": reason} when this machine lacks a JDK 21+ or Maven. ES_PORT picks the port.
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

const es = await startElasticsearch({ onLog: (line) => process.stderr.write(line + '\n') });
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
