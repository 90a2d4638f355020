import http from 'node:http';
import net from 'node:net';
import { bearer, editorApp, TEST_ADMIN_TOKEN, type EditorApp } from '../test/editor-app';

/**
 * Malformed requests at the API: bad parameters, huge values, odd encodings, wrong methods and
 * bodies, with and without an editor's token. Nothing may answer 5xx and the server must stay up.
 * Seeded, so a failure is reproducible; bounded in count and time.
 */

const REQUESTS = 3000;
const RAW_REQUESTS = 150;

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  schema?: { type?: string | string[]; items?: { type?: string }; minimum?: number; maximum?: number };
}
type Operation = { parameters?: Parameter[]; security?: unknown[] };

let env: EditorApp;
let doc: { paths: Record<string, Record<string, Operation>> };
let routes: { path: string; methods: string[]; params: string[] }[];

beforeAll(async () => {
  env = await editorApp();
  doc = (await (await fetch(`${env.base}/api/docs/json`)).json()) as typeof doc;
  routes = Object.entries(doc.paths).map(([path, ops]) => ({
    path,
    methods: Object.keys(ops).map((m) => m.toUpperCase()),
    params: [...new Set(Object.values(ops).flatMap((o) => (o.parameters ?? []).map((p) => p.name)))],
  }));
});

afterAll(() => env.close());

/** mulberry32: small, fast and seedable. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_VALUES = [
  '',
  '-1',
  '0',
  '1e309',
  '99999999999999999999999',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '%',
  '%zz',
  '%ff%fe',
  '%c0%af',
  '%00',
  '%0d%0aX-Injected:%201',
  '..%2f..%2f..%2fetc%2fpasswd',
  '..',
  '%e2%80%ae',
  encodeURIComponent('😀'.repeat(50)),
  encodeURIComponent('<script>alert(1)</script>'),
  encodeURIComponent("' OR 1=1 --"),
  encodeURIComponent('"unterminated'),
  encodeURIComponent('NEAR(a b) OR title:*'),
  'a'.repeat(5000),
  'x'.repeat(300),
  '__proto__',
  'constructor',
  'hidden-men',
  'neglect',
];

const BODIES: [string, string][] = [
  ['application/json', '{'],
  ['application/json', '{"action":'],
  ['application/json', 'null'],
  ['application/json', '[]'],
  ['application/json', '"string"'],
  ['application/json', '{"__proto__":{"admin":true},"action":"redact"}'],
  ['application/json', '{"constructor":{"prototype":{"x":1}}}'],
  ['application/json', '{"action":"redact"}'],
  ['application/json', '{"action":"dismiss"}'],
  ['application/json', '{"reason":""}'],
  ['application/json', '{"reason":123}'],
  ['application/json', '{"title":null,"year":"x"}'],
  ['application/json', '{"year":1e309}'],
  ['application/json', '{"review_ids":["' + 'a'.repeat(64) + '"],"themes":["neglect"]}'],
  ['application/json', '{"phrase":"\\u0000\\u0000","kind":"name"}'],
  ['application/json', '{"phrase":".*","kind":"name"}'],
  ['application/json', '{"username":"admin","password":{"$ne":null}}'],
  ['application/json', '{"password":"short","role":"root"}'],
  ['application/json', '['.repeat(5000) + ']'.repeat(5000)],
  ['application/json', JSON.stringify({ a: 'x'.repeat(200_000) })],
  ['application/json', '\uFEFF{"a":1}'],
  ['text/plain', 'hello'],
  ['application/xml', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'],
  ['application/x-www-form-urlencoded', 'a=1&b=%zz'],
  ['multipart/form-data', '--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 junk\r\n--x--'],
  ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="file"; filename="../../a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 junk\r\n--x--\r\n'],
  ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="year"\r\n\r\nnot a year\r\n--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nA review about neglect and drift in casework.\r\n--x--\r\n'],
  ['multipart/form-data; boundary=x', '--x\r\nbroken'],
  ['application/octet-stream', '\u0000\u0001\u0002'],
];

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

interface Fuzzed {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function makeRequest(r: () => number): Fuzzed {
  const route = pick(r, routes);
  const path = route.path.replace(/\{(\w+)\}/g, () => (r() < 0.3 ? pick(r, ['e240561f1021', '0733c97e3e41', 'neglect', '0', '1']) : pick(r, ODD_VALUES)));
  const query: string[] = [];
  const n = Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const name = r() < 0.8 && route.params.length ? pick(r, route.params) : pick(r, ['zzz', '__proto__', '', 'q[]', 'a%00b']);
    const repeat = r() < 0.1 ? 80 : 1;
    for (let k = 0; k < repeat; k++) query.push(`${name}=${pick(r, ODD_VALUES)}`);
  }
  const method = r() < 0.6 ? pick(r, route.methods) : pick(r, METHODS);
  const headers: Record<string, string> = {};
  if (r() < 0.5) Object.assign(headers, bearer(TEST_ADMIN_TOKEN));
  else if (r() < 0.2) headers.authorization = pick(r, ['Bearer ', 'Bearer a.b', 'Basic YWRtaW46YWRtaW4=', `Bearer ${'x'.repeat(3000)}`]);
  if (r() < 0.2) headers.accept = pick(r, ['text/html', 'application/xml', '*/*;q=x', '']);
  let body: string | undefined;
  if (method !== 'GET' && method !== 'HEAD' && r() < 0.8) {
    const [type, content] = pick(r, BODIES);
    headers['content-type'] = type;
    body = content;
  }
  // Past Node's 16 KiB header limit the parser answers 431 and drops the connection; the raw pass sends those.
  while (query.join('&').length > 12_000) query.pop();
  return { method, path: query.length ? `${path}?${query.join('&')}` : path, headers, body };
}

function send(base: string, req: Fuzzed, agent: http.Agent): Promise<number> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const out = http.request({ hostname, port, path: req.path, method: req.method, headers: req.headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    out.on('error', reject);
    out.end(req.body);
  });
}

/** Bytes no HTTP client library would send: broken request lines, headers and encodings. */
function sendRaw(base: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    let data = '';
    socket.setTimeout(5000, () => socket.destroy());
    socket.on('data', (d) => (data += d.toString('latin1')));
    socket.on('close', () => resolve(data));
    socket.on('error', () => resolve(data));
    socket.end(bytes, 'latin1');
  });
}

describe('fuzzing the API', () => {
  it(`answers ${REQUESTS} malformed requests without a 5xx, and stays up`, async () => {
    const r = rng(20240607);
    // A fresh connection per request: a server that closes a connection after refusing a body must not fail the next request.
    const agent = new http.Agent({ keepAlive: false });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    let refusedByClient = 0;
    for (; sent < REQUESTS; sent++) {
      const req = makeRequest(r);
      let status: number;
      try {
        status = await send(env.base, req, agent);
      } catch (err) {
        // Node's own client refuses some invalid paths or headers before sending; the raw pass covers those bytes.
        if (err instanceof TypeError || (err as NodeJS.ErrnoException).code?.startsWith('ERR_')) {
          refusedByClient++;
          continue;
        }
        throw new Error(`${(err as Error).message}: ${req.method} ${req.path.slice(0, 200)} ${JSON.stringify(req.headers).slice(0, 200)} ${req.body?.slice(0, 120) ?? ''}`);
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500) failures.push(`${status} ${req.method} ${req.path.slice(0, 200)} ${req.body?.slice(0, 80) ?? ''}`);
    }
    agent.destroy();

    const rawFailures: string[] = [];
    for (let i = 0; i < RAW_REQUESTS; i++) {
      const path = `/api/${pick(r, ['search', 'reviews/' + pick(r, ODD_VALUES), 'themes', 'admin/reviews', 'admin/login'])}`;
      const bytes = pick(r, [
        `GET ${path}?q=\u00ff\u00fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
        `GET ${path} HTTP/1.1\r\nHost: x\r\nX: ${'a'.repeat(20000)}\r\nConnection: close\r\n\r\n`,
        `GET ${path}%%%% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"a":`,
        `POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\nConnection: close\r\n\r\nhello!`,
        `BREW ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
        `GET ${path} HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n`,
        `GET /\u0000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
        `GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \u00e9\u00e9\r\nConnection: close\r\n\r\n`,
        `\r\n\r\n\r\n`,
      ]);
      const answer = await sendRaw(env.base, bytes);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      if (status >= 500) rawFailures.push(`${status} ${JSON.stringify(bytes.slice(0, 120))}`);
    }

    expect(failures).toEqual([]);
    expect(rawFailures).toEqual([]);
    expect(refusedByClient).toBeLessThan(REQUESTS / 5);
    expect([...statuses.keys()].filter((s) => s >= 400).length).toBeGreaterThan(4);
    const health = await fetch(`${env.base}/api/health`);
    expect(health.status).toBe(200);
  }, 240_000);
});

/** Text that belongs to a library or a stack, never to a message for the people using the service. */
const INTERNALS = /\bat [\w.<>]+ \(|node_modules|\.[jt]s:\d+|\[xmldom|sourceStart|querystring\/|body\/|params\/|must be (<=|>=)|must NOT|FST_|ERR_|SQLITE|Error:|TypeError|undefined|NaN|Infinity/;

const numeric = (p: Parameter) => {
  const types = [p.schema?.type, p.schema?.items?.type].flat();
  return types.includes('integer') || types.includes('number');
};

describe('every numeric parameter of every route in the OpenAPI document', () => {
  // Out of range for any schema: too large for a double, too small, not whole, not a number.
  const OUT_OF_RANGE = ['1e309', '-1e309', '99999999999999999999', '-99999999999999999999', '1.5', '-0.5', 'NaN', 'Infinity', '1e400', ''];

  it('answers 400 in plain words, never 5xx, for numbers out of range', async () => {
    const cases: { method: string; path: string }[] = [];
    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const params = op.parameters ?? [];
        const fill = (name: string, value: string) =>
          template.replace(/\{(\w+)\}/g, (_, n: string) => (n === name ? value : n === 'id' ? 'e240561f1021' : 'neglect'));
        for (const p of params.filter(numeric)) {
          for (const value of OUT_OF_RANGE) {
            if (p.in === 'path') cases.push({ method, path: fill(p.name, encodeURIComponent(value) || '%20') });
            else if (p.in === 'query') cases.push({ method, path: `${fill('', '')}?${p.name}=${encodeURIComponent(value)}${template.includes('co-occurrence') ? '&of=neglect&of=domestic-abuse' : ''}` });
          }
        }
      }
    }
    // The routes with numbers: search, its exports and stats, the editor lists, flags and more.
    expect(new Set(cases.map((c) => c.path.split('?')[0])).size).toBeGreaterThanOrEqual(5);
    const wrong: string[] = [];
    for (const c of cases) {
      const method = c.method.toUpperCase();
      const res = await fetch(env.base + c.path, {
        method,
        headers: { ...bearer(TEST_ADMIN_TOKEN), ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
        body: method === 'GET' ? undefined : JSON.stringify({ action: 'dismiss', review_ids: ['e240561f1021'], themes: ['neglect'] }),
      });
      const body = (await res.json()) as { error?: string; message?: string };
      if (res.status !== 400 || typeof body.message !== 'string' || INTERNALS.test(body.message)) wrong.push(`${method} ${c.path}: ${res.status} ${JSON.stringify(body)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers errors of every kind in words, with no library or stack text', async () => {
    const requests: [string, RequestInit?][] = [
      ['/api/search?size=abc'],
      ['/api/search?sort=sideways'],
      ['/api/search?theme=Not%20A%20Theme'],
      ['/api/search?q=' + 'a'.repeat(600)],
      ['/api/reviews/..%2F..%2Fetc'],
      ['/api/stats/co-occurrence?of=neglect'],
      ['/api/admin/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' }],
      ['/api/admin/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' }],
      ['/api/admin/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"admin"}' }],
      ['/api/admin/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"admin","password":"x","extra":1}' }],
      ['/api/admin/login', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' }],
      ['/api/admin/reviews/e240561f1021/withdraw', { method: 'POST', headers: { ...bearer(TEST_ADMIN_TOKEN), 'content-type': 'application/json' }, body: '{"reason":1}' }],
      ['/api/admin/uploads', { method: 'POST', headers: { ...bearer(TEST_ADMIN_TOKEN), 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\nbroken' }],
    ];
    const wrong: string[] = [];
    for (const [url, init] of requests) {
      const res = await fetch(env.base + url, init);
      const body = (await res.json()) as { error?: string; message?: string };
      if (res.status < 400 || res.status >= 500 || typeof body.message !== 'string' || INTERNALS.test(body.message)) wrong.push(`${url}: ${res.status} ${JSON.stringify(body)}`);
    }
    expect(wrong).toEqual([]);
  });
});
