import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from './app';
import { authConfigFromEnv } from './auth/config';
import { CONTENT_SECURITY_POLICY } from './plugins/security';
import { hashPassword, verifyPassword } from './auth/passwords';
import { signSession, verifySession } from './auth/sessions';
import type { Repository } from '../ingest/repository';
import { projectRoot } from '../lib/paths';
import { fixtureRepository, tempDir } from '../test/fixture-repository';
import { TEST_ADMIN_PASSWORD, TEST_ADMIN_TOKEN, bearer } from '../test/editor-app';

let repo: Repository;
let dataDir: string;
let webDir: string;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  ({ repo, dataDir } = await fixtureRepository('embedded', ['child-a-2012.pdf', 'child-c-2016.pdf', 'child-j-2023.txt', 'child-b-2014.docx']));
  webDir = tempDir('web');
  fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Portal</title><script type="module" src="/app.js"></script>');
  fs.writeFileSync(path.join(webDir, 'app.js'), 'export {};');
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await repo.backend.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function serve(options: Partial<AppOptions> = {}): Promise<string> {
  const app = await buildApp({
    ...repo,
    webDir,
    auth: authConfigFromEnv({ SCR_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, SCR_ADMIN_TOKEN: TEST_ADMIN_TOKEN }),
    security: { rateLimit: false },
    ...options,
  });
  apps.push(app);
  return app.listen({ port: 0, host: '127.0.0.1' });
}

/** A request with the path sent exactly as written: fetch would normalise dot segments away. */
function rawGet(base: string, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: rawPath, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('security headers', () => {
  it('sends a strict content security policy and helmet headers on the API, the portal and its files', async () => {
    const base = await serve();
    const expected = Object.entries(CONTENT_SECURITY_POLICY).map(([k, v]) => `${k} ${v.join(' ')}`).join(';');
    for (const url of ['/api/health', '/', '/app.js', '/search?q=x', '/api/nothing']) {
      const res = await fetch(base + url);
      expect(res.headers.get('content-security-policy')).toBe(expected);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
    expect(expected).toContain("script-src 'self'");
    expect(expected).not.toMatch(/unsafe-inline|unsafe-eval/);
    // Swagger UI alone may use inline styles; its scripts stay as strict as the portal's.
    const docs = (await fetch(`${base}/api/docs/static/index.html`)).headers.get('content-security-policy')!;
    expect(docs).toContain("style-src 'self' 'unsafe-inline'");
    expect(docs).toContain("script-src 'self';");
    expect((await fetch(`${base}/api/health`)).headers.get('content-security-policy')).toBe(expected);
  });

  it('has CORS off: no other origin may read the API', async () => {
    const base = await serve();
    const res = await fetch(`${base}/api/search?q=neglect`, { headers: { origin: 'https://elsewhere.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${base}/api/admin/login`, {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(404);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rate limiting', () => {
  it('answers 429 in JSON once a client passes the limit', async () => {
    const base = await serve({ security: { rateLimit: { max: 5 } } });
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await fetch(`${base}/api/health`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const res = await fetch(`${base}/api/health`);
    expect(await res.json()).toMatchObject({ error: 'Too Many Requests' });
    expect(res.headers.get('retry-after')).toBeTruthy();
  });

  it('limits login attempts far below the general limit', async () => {
    const base = await serve({ security: { rateLimit: { max: 1000 } } });
    const statuses = [];
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${base}/api/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: `guess-${i}` }),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe('request limits', () => {
  it('refuses a JSON body over 1 MiB with 413', async () => {
    const base = await serve();
    const res = await fetch(`${base}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'Payload Too Large' });
  });

  it('refuses over-long parameters with 400, never 5xx', async () => {
    const base = await serve();
    expect((await fetch(`${base}/api/search?q=${'a'.repeat(600)}`)).status).toBe(400);
    expect((await fetch(`${base}/api/reviews/${'a'.repeat(300)}`)).status).toBe(414);
    expect((await fetch(`${base}/api/search?${'theme=neglect&'.repeat(60)}`)).status).toBe(400);
  });
});

describe('file routes', () => {
  const secrets = [/"name": "case-review-repository"/, /root:x:0:0/, /"id":"[0-9a-f]{12}","status"/];
  const attempts = [
    '/api/reviews/../../package.json/file',
    '/api/reviews/..%2F..%2Fpackage.json/file',
    '/api/reviews/%2e%2e%2f%2e%2e%2fpackage.json/file',
    '/api/reviews/..%5c..%5cpackage.json/file',
    '/api/reviews/%00/file',
    '/../package.json',
    '/..%2fpackage.json',
    '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/app.js/../../package.json',
    '/..%252f..%252fpackage.json',
    '/api/docs/static/../../../../package.json',
    '/api/docs/static/..%2f..%2f..%2f..%2fpackage.json',
    '/reviews/..%2f..%2freviews',
  ];
  it('never serve a file outside the portal or a review file by a crafted path', async () => {
    const base = await serve();
    for (const attempt of attempts) {
      const res = await rawGet(base, attempt);
      expect({ attempt, ok: res.status < 500 }).toEqual({ attempt, ok: true });
      for (const secret of secrets) expect({ attempt, leaked: secret.test(res.body) }).toEqual({ attempt, leaked: false });
    }
  });
});

describe('search input', () => {
  it('never passes query syntax through to the engine', async () => {
    const base = await serve();
    const plain = (await (await fetch(`${base}/api/search?q=neglect`)).json()) as { total: number };
    expect(plain.total).toBeGreaterThan(0);
    const hostile = [
      'neglect OR',
      '"neglect',
      'neglect*',
      'title:neglect',
      'text:neglect',
      'NEAR(neglect home)',
      'neglect AND NOT home',
      '{title text}: neglect',
      '^neglect',
      '-neglect',
      'neglect)',
      '(neglect',
      "'; DROP TABLE reviews; --",
      'neglect" OR "1"="1',
      '*',
      'AND',
      '\u0000neglect',
      'neglect\\',
      '%',
    ];
    for (const q of hostile) {
      const res = await fetch(`${base}/api/search?q=${encodeURIComponent(q)}`);
      expect({ q, status: res.status }).toEqual({ q, status: 200 });
      const body = (await res.json()) as { total: number };
      // Operators, fields, wildcards and brackets count as nothing but the words in them.
      if (!q.includes('"')) {
        const words = (q.match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
        const same = (await (await fetch(`${base}/api/search?q=${encodeURIComponent(words)}`)).json()) as { total: number };
        expect({ q, total: body.total }).toEqual({ q, total: same.total });
      }
    }
    expect(((await (await fetch(`${base}/api/search?q=neglect*`)).json()) as { total: number }).total).toBe(plain.total);
    // The index is intact afterwards.
    expect(((await (await fetch(`${base}/api/search?q=neglect`)).json()) as { total: number }).total).toBe(plain.total);
  });
});

describe('secrets', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of ['SCR_ADMIN_TOKEN', 'SCR_ADMIN_PASSWORD', 'SCR_SESSION_SECRET']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it('come from the environment: without them the editor API is shut; with them it opens', async () => {
    delete process.env.SCR_ADMIN_TOKEN;
    delete process.env.SCR_ADMIN_PASSWORD;
    const shut = await serve({ auth: undefined });
    expect((await fetch(`${shut}/api/admin/reviews`, { headers: bearer(TEST_ADMIN_TOKEN) })).status).toBe(403);

    process.env.SCR_ADMIN_TOKEN = TEST_ADMIN_TOKEN;
    const open = await serve({ auth: undefined });
    expect((await fetch(`${open}/api/admin/reviews`, { headers: bearer(TEST_ADMIN_TOKEN) })).status).toBe(200);
    expect(() => authConfigFromEnv({ SCR_ADMIN_TOKEN: 'short' })).toThrow(/too short/);
    expect(() => authConfigFromEnv({ SCR_ADMIN_PASSWORD: 'short' })).toThrow(/too short/);
  });

  it('are never written to the data dir, and no source file carries one', async () => {
    const base = await serve();
    const login = await fetch(`${base}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    await fetch(`${base}/api/admin/users/editor.two`, {
      method: 'PUT',
      headers: { ...bearer(TEST_ADMIN_TOKEN), 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'editor-two-password', role: 'editor' }),
    });
    const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    for (const file of walk(dataDir)) {
      const content = fs.readFileSync(file).toString('latin1');
      for (const secret of [TEST_ADMIN_PASSWORD, TEST_ADMIN_TOKEN, 'editor-two-password']) expect({ file, leaked: content.includes(secret) }).toEqual({ file, leaked: false });
    }
    const sources = ['server', 'store', 'ingest', 'lib', 'search', 'web/src'].flatMap((d) => walk(path.join(projectRoot(), d)));
    const assignment = /SCR_(ADMIN_TOKEN|ADMIN_PASSWORD|SESSION_SECRET)\s*[:=]\s*['"`][^'"`]+['"`]/;
    for (const file of sources.filter((f) => !f.endsWith('.test.ts'))) {
      expect({ file, hardCoded: assignment.test(fs.readFileSync(file, 'utf8')) }).toEqual({ file, hardCoded: false });
    }
  });

  it('passwords are salted scrypt hashes and session tokens cannot be forged or outlive their expiry', async () => {
    const a = await hashPassword('same password here');
    const b = await hashPassword('same password here');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('same password here', a)).toBe(true);
    expect(await verifyPassword('same password herE', a)).toBe(false);

    const secret = Buffer.from('k'.repeat(32));
    const session = { sub: 'editor.one', role: 'editor' as const, key: 'abc', exp: Math.floor(Date.now() / 1000) + 60 };
    const token = signSession(session, secret);
    expect(verifySession(token, secret)).toEqual(session);
    expect(verifySession(token, Buffer.from('x'.repeat(32)))).toBeNull();
    expect(verifySession(token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), secret)).toBeNull();
    expect(verifySession(signSession({ ...session, exp: 1 }, secret), secret)).toBeNull();
    expect(verifySession('a.b.c', secret)).toBeNull();
  });
});
