import type { ReviewRecord, SearchBackend } from '../model';
import { checkStore, type Problem } from '../store/check';
import { allHits } from './collect';

export interface CheckReport {
  records: number;
  files: number;
  /** Reviews in the search index, or null when it could not be asked. */
  indexed: number | null;
  problems: Problem[];
}

const listing = (r: ReviewRecord) => ({
  title: r.metadata.title,
  year: r.metadata.year,
  area: r.metadata.area,
  review_type: r.metadata.reviewType,
  themes: r.themes.map((t) => t.id).sort(),
});

/** The index against the published records: reviews missing from it, extra in it, or indexed from an older version. */
export async function checkIndex(records: ReviewRecord[], backend: SearchBackend): Promise<{ indexed: number; problems: Problem[] }> {
  const hits = await allHits(backend, {});
  const published = new Map(records.filter((r) => r.status === 'published').map((r) => [r.id, r]));
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const hit of hits) {
    seen.add(hit.id);
    const record = published.get(hit.id);
    if (!record) {
      problems.push({ kind: 'index', message: `review ${hit.id} is in the search index but is not a published review in the store` });
      continue;
    }
    const indexed = { title: hit.title, year: hit.year, area: hit.area, review_type: hit.review_type, themes: [...hit.themes].sort() };
    if (JSON.stringify(indexed) !== JSON.stringify(listing(record))) problems.push({ kind: 'index', message: `review ${hit.id} is indexed from an older version of its record` });
  }
  for (const id of published.keys()) {
    if (!seen.has(id)) problems.push({ kind: 'index', message: `published review ${id} is missing from the search index` });
  }
  return { indexed: hits.length, problems };
}

/** Everything `scr check` verifies. */
export async function checkRepository(dataDir: string, backend: SearchBackend): Promise<CheckReport> {
  const store = checkStore(dataDir);
  let indexed: number | null = null;
  const problems = [...store.problems];
  try {
    const index = await checkIndex(store.records, backend);
    indexed = index.indexed;
    problems.push(...index.problems);
  } catch (err) {
    problems.push({ kind: 'index', message: `the search index could not be read: ${(err as Error).message}` });
  }
  return { records: store.records.length, files: store.files, indexed, problems };
}

export function formatCheckReport(report: CheckReport): string {
  const summary = `checked ${report.records} records, ${report.files} files, ${report.indexed ?? 'unknown'} indexed reviews: `;
  if (!report.problems.length) return `${summary}no problems\n`;
  return `${summary}${report.problems.length} ${report.problems.length === 1 ? 'problem' : 'problems'}\n${report.problems.map((p) => `  ${p.kind}: ${p.message}\n`).join('')}`;
}
