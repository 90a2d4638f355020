/**
 * A writer for the crash test: edits review metadata through the editorial service as fast as it
 * can, and prints "ack <id> <n>" once each edit is acknowledged. The test kills it with SIGKILL.
 */
import { Store } from '../store/store';
import { AuditLog } from '../store/audit-log';
import { createBackend } from '../search/create-backend';
import { Editorial } from '../core/editorial/editorial';

async function main() {
  const [dataDir, start] = process.argv.slice(2);
  const store = new Store(dataDir);
  const backend = await createBackend({ backend: 'embedded', dataDir });
  const editorial = new Editorial(store, backend, new AuditLog(dataDir));
  const ids = store.ids();
  for (let n = Number(start); ; n++) {
    const id = ids[n % ids.length];
    await editorial.editMetadata(id, { title: `Edit ${n}`, year: 1900 + (n % 200) }, 'crash-test');
    process.stdout.write(`ack ${id} ${n}\n`);
  }
}

void main();
