const NULL_BODY = new Set([204, 205, 304]);

/**
 * fetch, with the body read before it returns: a response left unread keeps its connection busy,
 * and a server closing at the end of a test then waits for it.
 */
export async function fetchWhole(input: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(input, init);
  const body = await res.arrayBuffer();
  return new Response(NULL_BODY.has(res.status) ? null : body, { status: res.status, statusText: res.statusText, headers: res.headers });
}
