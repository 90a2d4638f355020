/** The typed client for the JSON API, generated from the server's OpenAPI document (schema.d.ts). */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

export type { paths };

/** The JSON a route answers with on success, as the OpenAPI document declares it. */
export type ResponseOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: { [status in 200 | 201]?: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

/** The query parameters a route takes. */
export type QueryOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** A failed request, carrying the server's `{"error","message"}` body when there is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const UNREACHABLE = 'The service could not be reached. Check your connection and try again.';

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

/** A client for the API; `middleware` adds what a part of the portal needs (the editor's token). */
export function apiClient(...middleware: Middleware[]): Client<paths> {
  const client = createClient<paths>({ headers: { Accept: 'application/json' } });
  for (const m of middleware) client.use(m);
  return client;
}

export const api = apiClient();

/** The server's own message when it sent one, else the status in plain words. */
export function errorMessage(body: unknown, response: Response, fallback?: string): string {
  const message = (body as { message?: unknown } | null | undefined)?.message;
  if (typeof message === 'string') return message;
  return fallback ?? `The service answered ${response.status} ${response.statusText}.`;
}

/**
 * The data of a call, or an ApiError in the user's words. An aborted call rejects with its
 * AbortError, which the caller that aborted it ignores.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>, fallback?: string): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new ApiError(0, UNREACHABLE);
  }
  const { data, error, response } = result;
  if (!response.ok) throw new ApiError(response.status, errorMessage(error, response, fallback));
  return data as T;
}
