/** Atom feeds of newly listed reviews, for a theme or for any search, so practitioners can follow them. */
import { Feed } from 'feed';
import { REVIEW_TYPE_LABELS, publishedAt, type SearchBackend, type SearchFilters } from '../model';
import type { Store } from '../store/store';
import { escapeHtml } from '../search/highlight';

export const FEED_SIZE = 20;

export interface FeedSpec {
  /** Absolute URL of the feed itself; also its Atom id. */
  self: string;
  /** Absolute URL of the portal page showing the same reviews. */
  page: string;
  /** Absolute URL of the portal root, for review links. */
  origin: string;
  title: string;
  description: string;
}

/**
 * The reviews most recently added to the repository that match the filters, newest first, as
 * Atom XML. An entry is dated when its review became public, whatever the year of the report,
 * so a feed reader shows an old report added today as new.
 */
export async function reviewsFeed(deps: { backend: SearchBackend; store: Store }, filters: SearchFilters, spec: FeedSpec): Promise<string> {
  const res = await deps.backend.search({ ...filters, sort: 'added', page: 1, size: FEED_SIZE, facets: false });
  const entries = res.results.flatMap((hit) => {
    const record = deps.store.get(hit.id);
    return record?.status === 'published' ? [{ hit, record, added: new Date(publishedAt(record)) }] : [];
  });
  const updated = entries[0]?.added ?? new Date(0);
  const feed = new Feed({
    id: spec.self,
    title: spec.title,
    description: spec.description,
    link: spec.page,
    language: 'en-GB',
    updated,
    generator: false,
    feedLinks: { atom: spec.self },
    copyright: 'Published case reviews, anonymised',
  });
  for (const { hit, record, added } of entries) {
    const m = record.metadata;
    const link = `${spec.origin}/reviews/${encodeURIComponent(hit.id)}`;
    const facts = [m.year, m.area, REVIEW_TYPE_LABELS[m.reviewType]].filter(Boolean).join(' · ');
    // The feed library sends entry titles and summaries as type="html": escaped here, a report
    // titled with markup reads as that text in a feed reader, never as markup.
    feed.addItem({
      title: escapeHtml(m.title),
      id: link,
      link,
      date: added,
      published: added,
      description: escapeHtml(`${facts}. ${record.summary.slice(0, 600)}`.trim()),
      category: hit.themes.map((t) => ({ term: t })),
    });
  }
  return feed.atom1();
}
