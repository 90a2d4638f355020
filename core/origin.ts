/**
 * A Content-Disposition value for a download: an ASCII name for old clients, and the name as it
 * is (accented and non-Latin letters kept) in RFC 6266's filename* for the rest.
 */
export function attachment(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\w.-]+/g, '-');
  const exact = name.replace(/[^\p{L}\p{M}\p{N}_. -]+/gu, '-');
  const encoded = encodeURIComponent(exact).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return ascii === exact ? `attachment; filename="${ascii}"` : `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
