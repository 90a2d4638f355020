/** Withdrawals kept as markers beside their records (as on a full disk): in force at once, after a reopen, and until a newer record is written. */
import fs from 'node:fs';
import path from 'node:path';
import type { ReviewRecord } from '../model';
import { sampleRecords } from '../search/testing/sample-records';
import { tempDir } from '../test/fixture-repository';
import { SPACE_RESERVE_FILE, Store, sha256 } from './store';
import { checkStore } from './check';
import { backup } from './backup';
import { WITHDRAWALS_DIR } from './withdrawals';

let dataDir: string;
let record: ReviewRecord;
const withdrawnAt = '2026-01-02T03:04:05.000Z';

beforeEach(() => {
  dataDir = tempDir('withdrawals');
  const file = Buffer.from('Child A lived with Mother in Area X.');
  const sample = sampleRecords()[0];
  record = { ...sample, status: 'published', source: { ...sample.source, sha256: sha256(file), type: 'txt' } };
  const store = new Store(dataDir);
  store.putFile(record.source.sha256, 'txt', file);
  store.put(record);
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const withdraw = (store: Store) => store.putWithdrawal({ ...record, status: 'withdrawn', statusReason: 'at the family’s request', updatedAt: withdrawnAt });
const recordOnDisk = () => JSON.parse(fs.readFileSync(path.join(dataDir, 'reviews', `${record.id}.json`), 'utf8')) as ReviewRecord;

describe('a withdrawal marker', () => {
  it('is in force over the record at once, and in a store opened later, without rewriting the record', () => {
    const store = new Store(dataDir);
    withdraw(store);
    expect(store.get(record.id)).toMatchObject({ status: 'withdrawn', statusReason: 'at the family’s request', updatedAt: withdrawnAt });
    expect(recordOnDisk().status).toBe('published');
    const reopened = new Store(dataDir);
    expect(reopened.get(record.id)).toMatchObject({ status: 'withdrawn', statusReason: 'at the family’s request' });
    expect([...reopened.all()].filter((r) => r.status === 'published')).toEqual([]);
    expect(reopened.pendingWithdrawals()).toEqual([record.id]);
  });

  it('withdraws its review even when it cannot be read', () => {
    fs.mkdirSync(path.join(dataDir, WITHDRAWALS_DIR), { recursive: true });
    fs.writeFileSync(path.join(dataDir, WITHDRAWALS_DIR, `${record.id}.json`), '{"id":"');
    expect(new Store(dataDir).get(record.id)?.status).toBe('withdrawn');
  });

  it('is written into the record by settleWithdrawals, and then goes', () => {
    withdraw(new Store(dataDir));
    const store = new Store(dataDir);
    expect(store.settleWithdrawals()).toBe(1);
    expect(recordOnDisk()).toMatchObject({ status: 'withdrawn', statusReason: 'at the family’s request' });
    expect(fs.readdirSync(path.join(dataDir, WITHDRAWALS_DIR))).toEqual([]);
    expect(new Store(dataDir).pendingWithdrawals()).toEqual([]);
  });

  it('gives way to a newer record: a review published again stays published after a reopen', () => {
    const store = new Store(dataDir);
    withdraw(store);
    store.put({ ...record, status: 'published', updatedAt: '2026-02-01T00:00:00.000Z' });
    expect(store.get(record.id)?.status).toBe('published');
    expect(new Store(dataDir).get(record.id)?.status).toBe('published');
  });

  it('is honoured by scr check and kept by a backup, which leaves out the space reserve', () => {
    withdraw(new Store(dataDir));
    expect(checkStore(dataDir).records.find((r) => r.id === record.id)?.status).toBe('withdrawn');
    expect(fs.statSync(path.join(dataDir, SPACE_RESERVE_FILE)).size).toBe(1024 * 1024);
    const target = path.join(tempDir('withdrawals-backup'), 'copy');
    const files = backup(dataDir, target).files.map((f) => f.path);
    expect(files).toContain(`${WITHDRAWALS_DIR}/${record.id}.json`);
    expect(files).not.toContain(SPACE_RESERVE_FILE);
  });
});
