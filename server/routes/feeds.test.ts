import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { DOMParser } from '@xmldom/xmldom';
import { publishedAt, type ReviewRecord } from '../../model';
import { buildApp } from '../app';
import { Editorial } from '../../core/editorial/editorial';
import { AuditLog } from '../../store/audit-log';
import { fixtureRepository } from '../../test/fixture-repository';
import type { Repository } from '../../ingest/repository';
import { SUMMARY_LENGTH } from '../../core/feeds';
import { cutAtWord } from '../../lib/text';

/**
 * The feeds checked against RFC 4287 as a feed reader parses them: the elements 4.1.1 and 4.1.2
 * require of a feed and of each entry, text sent safely, summaries cut between words, and a real
 * updated time even when nothing matches.
 */

const ATOM = 'http://www.w3.org/2005/Atom';
const PUBLIC_URL = 'https://reviews.example.org';
const MARKUP_TITLE = 'Review of <b>Child A</b> <img src=x onerror=alert(1)> & Area X';

/** Longer than a feed summary, so the feed must cut it somewhere. */
const LONG_SUMMARY = Array(12).fill('Child A lived with Mother and her partner in Area X, where agencies knew of the neglect for several years.').join(' ');

let repo: Repository;
let dataDir: string;
let app: FastifyInstance;
let marked: ReviewRecord;

beforeAll(async () => {
  ({ repo, dataDir } = await fixtureRepository());
  app = await buildApp({ ...repo, publicUrl: PUBLIC_URL });
  const published = [...repo.store.all()].filter((r) => r.status === 'published' && r.themes.some((t) => t.id === 'neglect'));
  const editorial = new Editorial(repo.store, repo.backend, new AuditLog(dataDir));
  marked = await editorial.editMetadata(published[0].id, { title: MARKUP_TITLE }, 'editor');
  await editorial.editContent(published[1].id, { summary: LONG_SUMMARY }, 'editor', { tagger: repo.tagger, taxonomyVersion: repo.taxonomy.version });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await repo?.backend.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The feed as a namespace-aware XML parser reads it; any well-formedness error fails the test. */
async function feedAt(url: string): Promise<Element> {
  const res = await app.inject({ url });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/atom\+xml/);
  const fail = (msg: string) => {
    throw new Error(`${url}: ${msg}`);
  };
  const doc = new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(res.body, 'application/xml');
  const root = doc.documentElement;
  expect([root.namespaceURI, root.localName]).toEqual([ATOM, 'feed']);
  return root;
}

const children = (el: Element, name: string) => Array.from({ length: el.childNodes.length }, (_, i) => el.childNodes[i]).filter((n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === ATOM && (n as Element).localName === name);
const one = (el: Element, name: string) => {
  const found = children(el, name);
  expect({ name, count: found.length }).toEqual({ name, count: 1 });
  return found[0];
};
const links = (el: Element, rel: string) => children(el, 'link').filter((l) => (l.getAttribute('rel') || 'alternate') === rel);
const entriesOf = (feed: Element) => children(feed, 'entry');

/** What a reader displays for an Atom text construct (RFC 4287 3.1): text as is; html once decoded as HTML. */
function shown(el: Element): string {
  const type = el.getAttribute('type') || 'text';
  expect(['text', 'html']).toContain(type);
  const content = el.textContent ?? '';
  if (type === 'text') return content;
  // HTML from the feed may hold character references but no element of any kind.
  expect(content).not.toMatch(/<[a-z!/?]/i);
  return content.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);
}

const isDate = (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s));

/** RFC 4287 4.1.1 and 4.1.2: what every feed and every entry must carry. */
function expectValidAtom(feed: Element, self: string) {
  expect(one(feed, 'id').textContent).toMatch(/^https:\/\//);
  expect(shown(one(feed, 'title')).trim()).not.toBe('');
  expect(isDate(one(feed, 'updated').textContent!)).toBe(true);
  expect(links(feed, 'self').map((l) => l.getAttribute('href'))).toEqual([self]);
  expect(links(feed, 'alternate')).toHaveLength(1);
  const feedAuthors = children(feed, 'author');
  for (const a of feedAuthors) expect(one(a, 'name').textContent!.trim()).not.toBe('');
  for (const entry of entriesOf(feed)) {
    expect(one(entry, 'id').textContent).toMatch(/^https:\/\//);
    expect(shown(one(entry, 'title')).trim()).not.toBe('');
    expect(isDate(one(entry, 'updated').textContent!)).toBe(true);
    // Without content, an entry needs an alternate link and a summary.
    expect(children(entry, 'content')).toHaveLength(0);
    expect(links(entry, 'alternate')).toHaveLength(1);
    shown(one(entry, 'summary'));
    // Authors: the feed's, unless every entry names its own.
    expect(feedAuthors.length + children(entry, 'author').length).toBeGreaterThan(0);
  }
}

const entryFor = (feed: Element, id: string) => entriesOf(feed).find((e) => links(e, 'alternate')[0].getAttribute('href') === `${PUBLIC_URL}/reviews/${id}`);

describe('Atom feeds (RFC 4287)', () => {
  it('carry every required element on a theme feed and each of its entries', async () => {
    const feed = await feedAt('/api/themes/neglect/feed.atom');
    expectValidAtom(feed, `${PUBLIC_URL}/api/themes/neglect/feed.atom`);
    expect(entriesOf(feed).length).toBeGreaterThan(2);
    expect(links(feed, 'alternate')[0].getAttribute('href')).toBe(`${PUBLIC_URL}/themes/neglect`);
    expect(one(one(feed, 'author'), 'name').textContent).toBe('Case Review Repository');
  });

  it('send a title with markup as the text it is, never as markup', async () => {
    const feed = await feedAt('/api/themes/neglect/feed.atom');
    const entry = entryFor(feed, marked.id)!;
    expect(entry).toBeDefined();
    expect(shown(one(entry, 'title'))).toBe(MARKUP_TITLE);
  });

  it('date the feed by its newest entry, entries newest first', async () => {
    const feed = await feedAt('/api/search/feed.atom?q=child');
    expectValidAtom(feed, `${PUBLIC_URL}/api/search/feed.atom?q=child`);
    const updated = entriesOf(feed).map((e) => one(e, 'updated').textContent!);
    expect(updated.length).toBeGreaterThan(1);
    expect(updated).toEqual([...updated].sort().reverse());
    expect(one(feed, 'updated').textContent).toBe(updated[0]);
  });

  it('cut summaries between words, with an ellipsis', async () => {
    const feed = await feedAt('/api/search/feed.atom');
    const published = new Map([...repo.store.all()].map((r) => [r.id, r]));
    let cut = 0;
    for (const entry of entriesOf(feed)) {
      const id = links(entry, 'alternate')[0].getAttribute('href')!.split('/reviews/')[1];
      const summary = shown(one(entry, 'summary'));
      const full = published.get(id)!.summary;
      expect(summary.length).toBeLessThanOrEqual(SUMMARY_LENGTH + 1);
      if (!summary.endsWith('…') || full.endsWith('…')) continue;
      cut++;
      const kept = summary.slice(0, -1);
      const rest = full.slice(full.indexOf(kept.slice(-40)) + 40);
      expect({ id, next: rest.charAt(0) }).toEqual({ id, next: expect.stringMatching(/^[\s,;:.\-–—]$/) });
    }
    expect(cut).toBeGreaterThan(0);
  });

  it('give an empty feed a real updated time: the newest addition to the repository', async () => {
    const url = '/api/search/feed.atom?q=%22zebra%20quokka%20xylophone%22&region=Wales';
    const feed = await feedAt(url);
    expectValidAtom(feed, `${PUBLIC_URL}/api/search/feed.atom?q=%22zebra+quokka+xylophone%22&region=Wales`);
    expect(entriesOf(feed)).toHaveLength(0);
    const newest = [...repo.store.all()].filter((r) => r.status === 'published').map(publishedAt).sort().at(-1)!;
    expect(one(feed, 'updated').textContent).toBe(newest);
    expect(one(feed, 'updated').textContent!.startsWith('1970')).toBe(false);
  });

  it('send a query with markup in the feed title as text', async () => {
    const q = '<script>alert(1)</script> & neglect';
    const feed = await feedAt(`/api/search/feed.atom?q=${encodeURIComponent(q)}`);
    expect(shown(one(feed, 'title'))).toBe(`Case reviews matching “${q}”`);
    expect(one(feed, 'title').getElementsByTagName('script')).toHaveLength(0);
  });
});

describe('cutAtWord', () => {
  it('keeps whole words only, and leaves text that fits alone', () => {
    expect(cutAtWord('Child A lived with Mother', 12)).toBe('Child A…');
    expect(cutAtWord('Child A lived with Mother', 13)).toBe('Child A lived…');
    expect(cutAtWord('Child A, lived', 8)).toBe('Child A…');
    expect(cutAtWord('Child A lived', 13)).toBe('Child A lived');
    expect(cutAtWord('Safeguardingpartnership', 5)).toBe('Safeg…');
  });
});
