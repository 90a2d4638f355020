/**
 * The address the public reaches the service at, for absolute links in feeds and documents.
 * Configured, never taken from a request's Host header, which any client can set.
 */
export function publicUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.SCR_PUBLIC_URL?.trim();
  if (!raw) return `http://localhost:${env.PORT || 3000}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`SCR_PUBLIC_URL must be an absolute address such as https://reviews.example.org (got "${raw}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`SCR_PUBLIC_URL must start with https:// or http:// (got "${raw}")`);
  if (url.search || url.hash || url.username) throw new Error(`SCR_PUBLIC_URL must be a plain address with no query, fragment or user (got "${raw}")`);
  return url.toString().replace(/\/+$/, '');
}
