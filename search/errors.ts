/**
 * The search engine could not answer in time (down, unreachable, overloaded). Engine-neutral, so
 * the server can answer 503 without knowing which backend is in use; the cause keeps the detail
 * for the log.
 */
export class SearchUnavailableError extends Error {
  readonly statusCode = 503;

  constructor(cause?: unknown) {
    super('The search service is unavailable; try again shortly.', { cause });
    this.name = 'SearchUnavailableError';
  }
}
