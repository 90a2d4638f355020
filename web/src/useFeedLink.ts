import { onBeforeUnmount, toValue, watchEffect, type MaybeRefOrGetter } from 'vue';

export interface FeedLink {
  href: string;
  title: string;
}

/**
 * Names the page's Atom feed in the document head, where browsers and feed readers look for it
 * (feed autodiscovery): kept in step with what the page shows, and gone when the page is left.
 */
export function useFeedLink(feed: MaybeRefOrGetter<FeedLink | null>): void {
  let link: HTMLLinkElement | null = null;
  const drop = () => {
    link?.remove();
    link = null;
  };
  const stop = watchEffect(() => {
    const wanted = toValue(feed);
    if (!wanted) return drop();
    if (!link) {
      link = document.createElement('link');
      link.rel = 'alternate';
      link.type = 'application/atom+xml';
      document.head.append(link);
    }
    link.title = wanted.title;
    link.setAttribute('href', wanted.href);
  });
  onBeforeUnmount(() => {
    stop();
    drop();
  });
}
