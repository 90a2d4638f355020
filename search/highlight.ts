const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * Engines mark matches with private markers; the API promises highlights whose only markup is
 * <mark>, so everything else is escaped before the markers become tags.
 */
export function markedToHtml(text: string, open: string, close: string): string {
  return escapeHtml(text).split(escapeHtml(open)).join('<mark>').split(escapeHtml(close)).join('</mark>');
}

/** Text cut at a word near `max` characters, with an ellipsis where it was cut. */
export function excerpt(text: string, max = 240): string {
  return text.length > max ? text.slice(0, max).replace(/\s+\S*$/, '') + '…' : text;
}

/** A passage shown without query matches: escaped, and cut at a word near `max` characters. */
export function excerptHtml(text: string, max = 240): string {
  return escapeHtml(excerpt(text, max));
}
