import fs from 'node:fs';
import { Client, errors, type ClientOptions } from '@elastic/elasticsearch';
import { SearchUnavailableError } from '../errors';
import type { ElasticsearchConfig } from './config';

export function createClient(config: ElasticsearchConfig): Client {
  const options: ClientOptions = {
    node: config.url,
    requestTimeout: config.requestTimeoutMs,
    // One quick retry covers a dropped keep-alive connection; a timed-out request is not retried
    // (the transport's default), so a slow cluster is not asked twice.
    maxRetries: 1,
    // Nothing reads the client's telemetry header; it costs a little on every request.
    enableMetaHeader: false,
  };
  if (config.apiKey) options.auth = { apiKey: config.apiKey };
  else if (config.username) options.auth = { username: config.username, password: config.password ?? '' };
  if (config.caFile) options.tls = { ca: fs.readFileSync(config.caFile), rejectUnauthorized: true };
  return new Client(options);
}

const UNAVAILABLE_STATUS = new Set([429, 502, 503, 504]);

/** Down, unreachable, timed out or overloaded: worth a retry later, and a 503 for an API caller. */
export function isTransient(err: unknown): boolean {
  if (err instanceof SearchUnavailableError) return true;
  if (
    err instanceof errors.ConnectionError ||
    err instanceof errors.TimeoutError ||
    err instanceof errors.NoLivingConnectionsError ||
    err instanceof errors.RequestAbortedError
  ) {
    return true;
  }
  return err instanceof errors.ResponseError && UNAVAILABLE_STATUS.has(err.statusCode ?? 0);
}

/** The index behind an alias is gone (a wiped or replaced cluster): set-up must run again. */
export function isMissingIndex(err: unknown): boolean {
  if (!(err instanceof errors.ResponseError)) return false;
  const type = (err.body as { error?: { type?: string } } | undefined)?.error?.type;
  return type === 'index_not_found_exception' || (type === 'illegal_argument_exception' && /no such alias|require_alias/i.test(err.message));
}

export function asSearchError(err: unknown): unknown {
  return isTransient(err) && !(err instanceof SearchUnavailableError) ? new SearchUnavailableError(err) : err;
}

export function errorMessage(err: unknown): string {
  const cause = err instanceof SearchUnavailableError && err.cause ? err.cause : err;
  return (cause instanceof Error ? cause.message : String(cause)).split('\n')[0];
}
