/**
 * The embedded engine's floor, one reader thread of it: the least work that answers the
 * benchmark's requests over the same index file. The FTS5 match once, filters and facet counts
 * in memory over values loaded at start, the page in FTS5's rank or year order, and snippets for
 * the page's reviews. None of the product's reader code is used.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { parseQuery } from '../../search/query';
import { conditions, keyFor } from '../../search/fields';
import { readerVocabulary, type PortableVocabulary } from '../../search/embedded/read-protocol';
import { SEARCH_FIELDS, rangeKeys } from '../../model';

const db = new Database(workerData.file as string, { readonly: true, fileMustExist: true });
const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

const ready = (async () => {
  const vocab = readerVocabulary(workerData.vocab as PortableVocabulary);
  const values = new Map<string, Map<number, string[]>>();
  for (const [rowid, field, value] of db.prepare('SELECT r.rowid, v.field, v.value FROM review_values v JOIN reviews r ON r.id = v.review_id').raw().all() as [number, string, string][]) {
    let byRow = values.get(field);
    if (!byRow) values.set(field, (byRow = new Map()));
    const list = byRow.get(rowid);
    if (list) list.push(value);
    else byRow.set(rowid, [value]);
  }
  const byDate = db.prepare('SELECT rowid FROM reviews ORDER BY year IS NULL, year DESC, title').pluck().all() as number[];
  const ids = new Map((db.prepare('SELECT rowid, id FROM reviews').raw().all() as [number, string][]).map(([r, id]) => [r, id]));
  return { vocab, values, byDate, ids };
})();

function filtersOf(url: URL): Record<string, unknown> {
  const f: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(SEARCH_FIELDS)) {
    if ('range' in spec) {
      const keys = rangeKeys(name);
      for (const k of [keys.from, keys.to]) if (url.searchParams.has(k)) f[k] = Number(url.searchParams.get(k));
    } else if (url.searchParams.has(name)) f[name] = url.searchParams.getAll(name);
  }
  if (url.searchParams.has('q')) f.q = url.searchParams.get('q');
  if (url.searchParams.get('narrower') === 'false') f.narrower = false;
  return f;
}

async function answer(path: string): Promise<unknown> {
  const { vocab, values, byDate, ids } = await ready;
  const url = new URL(path, 'http://floor');
  const filters = filtersOf(url);
  const parsed = parseQuery(filters.q as string | undefined, vocab.terms);
  const sort = url.searchParams.get('sort') ?? 'relevance';
  let rows: number[];
  if (parsed.clauses.length) {
    const match = parsed.clauses.map((c) => `(${c.any.map(quote).join(' OR ')})`).join(' AND ');
    const order = sort === 'relevance' ? ' ORDER BY bm25(reviews_fts, 5.0, 1.0)' : '';
    rows = db.prepare(`SELECT rowid FROM reviews_fts WHERE reviews_fts MATCH ?${order}`).pluck().all(match) as number[];
    if (sort !== 'relevance') {
      const at = new Map(byDate.map((r, i) => [r, i]));
      rows.sort((a, b) => at.get(a)! - at.get(b)!);
    }
  } else rows = byDate;
  const { lists, ranges } = conditions(filters, vocab);
  const has = (key: string, rowid: number) => values.get(key)?.get(rowid) ?? [];
  rows = rows.filter(
    (r) =>
      lists.every((l) => (l.combine === 'all' ? l.values.every((v) => has(l.key, r).includes(v)) : has(l.key, r).some((v) => l.values.includes(v)))) &&
      ranges.every((g) => has(g.key, r).some((v) => (g.from === undefined || Number(v) >= g.from) && (g.to === undefined || Number(v) <= g.to))),
  );
  const count = (key: string) => {
    const counts = new Map<string, number>();
    for (const r of rows) for (const v of has(key, r)) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1]);
  };
  if (url.pathname === '/api/stats/themes') {
    const by = url.searchParams.get('by') ?? 'year';
    const cells = new Map<string, number>();
    for (const r of rows) for (const t of has('theme', r)) for (const b of has(by, r)) cells.set(`${t}|${b}`, (cells.get(`${t}|${b}`) ?? 0) + 1);
    return { counts: [...cells], totals: count('theme') };
  }
  if (url.pathname === '/api/stats/co-occurrence') {
    const of = new Set(url.searchParams.getAll('of'));
    const pairs = new Map<string, number>();
    for (const r of rows) {
      const ts = has('theme', r).filter((t) => of.has(t));
      for (const a of ts) for (const b of ts) if (a < b) pairs.set(`${a}|${b}`, (pairs.get(`${a}|${b}`) ?? 0) + 1);
    }
    return { pairs: [...pairs], totals: count('theme') };
  }
  const facets = Object.fromEntries(Object.entries(SEARCH_FIELDS).filter(([, s]) => s.facet).map(([name]) => [name, count(keyFor(name, filters, vocab))]));
  const pageNo = Number(url.searchParams.get('page') ?? 1);
  const page = rows.slice((pageNo - 1) * 20, pageNo * 20).map((r) => ids.get(r)!);
  let snippets: unknown[] = [];
  if (parsed.clauses.length && page.length) {
    // The first three matching passages of each review on the page.
    const owner = new Map(
      (db.prepare('SELECT rowid, review_id FROM passages WHERE review_id IN (SELECT value FROM json_each(?))').raw().all(JSON.stringify(page)) as [number, string][]),
    );
    const match = parsed.clauses.flatMap((c) => c.any).map(quote).join(' OR ');
    const taken = new Map<string, number>();
    const chosen: number[] = [];
    for (const rowid of db.prepare('SELECT rowid FROM passages_fts WHERE passages_fts MATCH ?').pluck().all(match) as number[]) {
      const id = owner.get(rowid);
      if (id === undefined || (taken.get(id) ?? 0) >= 3) continue;
      taken.set(id, (taken.get(id) ?? 0) + 1);
      chosen.push(rowid);
    }
    snippets = db
      .prepare(`SELECT rowid, snippet(passages_fts, 0, '<mark>', '</mark>', '…', 28) FROM passages_fts WHERE passages_fts MATCH ? AND +rowid IN (SELECT value FROM json_each(?))`)
      .raw()
      .all(match, JSON.stringify(chosen));
  }
  return { total: rows.length, page, facets, snippets };
}

parentPort!.on('message', ({ id, path }: { id: number; path: string }) => {
  answer(path).then(
    (result) => parentPort!.postMessage({ id, body: JSON.stringify(result) }),
    (err: unknown) => parentPort!.postMessage({ id, error: String(err) }),
  );
});
