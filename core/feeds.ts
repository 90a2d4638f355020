/** Atom feeds (RFC 4287) of newly listed reviews, for a theme or for any search, so practitioners can follow them. */
import { Feed } from 'feed';
import { REVIEW_TYPE_LABELS, SERVICE_NAME, publishedAt, type SearchBackend, type SearchFilters } from '../model';
import type { Store } from '../store/store';
import { escapeHtml } from '../search/highlight';
import { cutAtWord } from '../lib/text';

export const FEED_SIZE = 20;
/** Long enough to say what a review is about, short enough for a feed reader's list. */
export const SUMMARY_LENGTH = 600;

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

type Deps = { backend: SearchBackend; store: Store };

/** XML 1.0 cannot carry these at all, escaped or not; a query or a title holding one must not break the feed. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const xmlText = (s: string) => s.replace(NOT_XML, '');

/** Published reviews matching the filters, newest additions to the repository first. */
async function newestAdditions(deps: Deps, filters: SearchFilters, size: number) {
  const res = await deps.backend.search({ ...filters, sort: 'added', page: 1, size, facets: false });
  return res.results.flatMap((hit) => {
    const record = deps.store.get(hit.id);
    return record?.status === 'published' ? [{ hit, record, added: new Date(publishedAt(record)) }] : [];
  });
}

/**
 * The reviews most recently added to the repository that match the filters, newest first, as
 * Atom XML. An entry is dated when its review became public, whatever the year of the report,
 * so a feed reader shows an old report added today as new.
 *
 * The feed is updated when its newest entry was. A feed with no entry takes the time of the
 * newest addition to the whole repository (the last moment its answer could have changed), or,
 * in an empty repository, the time it is generated: either way a real time, and the first stays
 * the same from one request to the next, so a reader polling it sees no change where there is none.
 */
export async function reviewsFeed(deps: Deps, filters: SearchFilters, spec: FeedSpec): Promise<string> {
  const entries = await newestAdditions(deps, filters, FEED_SIZE);
  const updated = entries[0]?.added ?? (await newestAdditions(deps, {}, 1))[0]?.added ?? new Date();
  const feed = new Feed({
    id: spec.self,
    title: xmlText(spec.title),
    description: xmlText(spec.description),
    link: spec.page,
    language: 'en-GB',
    updated,
    generator: false,
    feedLinks: { atom: spec.self },
    // RFC 4287 4.1.1: a feed whose entries have no author of their own names one for all of them.
    author: { name: SERVICE_NAME, link: `${spec.origin}/` },
    copyright: 'Published case reviews, anonymised',
  });
  for (const { hit, record, added } of entries) {
    const m = record.metadata;
    const link = `${spec.origin}/reviews/${encodeURIComponent(hit.id)}`;
    const facts = [m.year, m.area, REVIEW_TYPE_LABELS[m.reviewType]].filter(Boolean).join(' · ');
    // The feed library sends entry titles and summaries as type="html": escaped here, once, a
    // report titled with markup reads as that text in a feed reader, never as markup.
    feed.addItem({
      title: escapeHtml(xmlText(m.title)),
      id: link,
      link,
      date: added,
      published: added,
      description: escapeHtml(xmlText(cutAtWord([facts && `${facts}.`, record.summary].filter(Boolean).join(' '), SUMMARY_LENGTH))),
      category: hit.themes.map((t) => ({ term: t })),
    });
  }
  return feed.atom1();
}
