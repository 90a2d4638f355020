/**
 * Email alerts end to end, through a real SMTP server: subscribe, confirm, digests of newly
 * published reviews only, one-click unsubscribe, what is held and its deletion, the editors'
 * weekly email, and `scr alerts send` as cron runs it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ParsedMail } from 'mailparser';
import { buildApp } from '../app';
import { SEARCH_FIELDS } from '../../model';
import type { Repository } from '../../ingest/repository';
import { ingestFiles } from '../../ingest/batch';
import { readManifest } from '../../ingest/manifest';
import { Editorial } from '../../core/editorial/editorial';
import { AuditLog } from '../../store/audit-log';
import { authConfigFromEnv } from '../auth/config';
import { SUBSCRIPTIONS_FILE } from '../../store/subscriptions';
import { checkStore } from '../../store/check';
import { Alerts } from '../../core/alerts/alerts';
import { FIXTURE_MANIFEST, FIXTURE_REPORTS, fixtureRepository } from '../../test/fixture-repository';
import { fragmentToken, linkIn, rawHeader, startSmtp, unsubscribeUrl, type TestSmtp } from '../../test/smtp';
import { runScrAsync } from '../../test/run-scr';
import { TEST_ADMIN_TOKEN, bearer } from '../../test/editor-app';

const PUBLIC = 'https://reviews.example.org';
const READER = 'reader@example.org';
const SEARCHER = 'searcher@example.org';
const BOUNCE = 'bounce@example.org';
const LATE = 'late@example.org';
const EDITOR = 'editor@example.org';

let smtp: TestSmtp;
let repo: Repository;
let dataDir: string;
let app: FastifyInstance;
let alerts: Alerts;
let editorial: Editorial;
/** The server's log, as it would be written. */
const logLines: string[] = [];

const manifest = () => readManifest(FIXTURE_MANIFEST);
async function ingest(...names: string[]) {
  const summary = await ingestFiles(
    names.map((n) => path.join(FIXTURE_REPORTS, n)),
    { ...repo, taxonomyVersion: repo.taxonomy.version, manifest: manifest() },
  );
  expect(summary.failed).toEqual([]);
}
const idOf = (file: string) => [...repo.store.all()].find((r) => r.source.name === file)!.id;
const titleOf = (file: string) => [...repo.store.all()].find((r) => r.source.name === file)!.metadata.title;
const held = () => fs.readFileSync(path.join(dataDir, SUBSCRIPTIONS_FILE), 'utf8');

let client = 0;
/** Each from its own address, so that only the test of the limit meets it. */
async function subscribe(body: object, remoteAddress = `10.0.0.${++client}`) {
  return app.inject({ method: 'POST', url: '/api/alerts', payload: body, remoteAddress });
}

/** Subscribe and follow the link in the confirmation email, as the subscriber would. */
async function subscribeAndConfirm(body: { email: string; [field: string]: unknown }) {
  expect((await subscribe(body)).statusCode).toBe(202);
  const confirmation = smtp.to(body.email).at(-1)!;
  const token = fragmentToken(linkIn(confirmation, `${PUBLIC}/alerts/confirm#`));
  const res = await app.inject({ method: 'POST', url: '/api/alerts/confirm', payload: { token } });
  expect(res.statusCode).toBe(200);
  return token;
}

const tokenOf = (mail: ParsedMail) => new URL(unsubscribeUrl(mail)).searchParams.get('token')!;

beforeAll(async () => {
  smtp = await startSmtp();
  // Published before anyone subscribes (child-b, on neglect), and held for an editor (child-e, identifier flags).
  ({ repo, dataDir } = await fixtureRepository('embedded', ['child-b-2014.docx', 'child-e-2020.docx']));
  editorial = new Editorial(repo.store, repo.backend, new AuditLog(dataDir));
  app = await buildApp({
    ...repo,
    publicUrl: PUBLIC,
    logger: { level: 'info', stream: { write: (line: string) => logLines.push(line) } },
    auth: authConfigFromEnv({ SCR_ADMIN_TOKEN: TEST_ADMIN_TOKEN }),
    security: { rateLimit: false },
    alerts: { mailer: smtp.mailer(), scheduleMinutes: null },
  });
  alerts = new Alerts({ ...repo, fields: SEARCH_FIELDS, publicUrl: PUBLIC, mailer: smtp.mailer() });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await repo?.backend.close();
  await smtp?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('email alerts', () => {
  let readerToken: string;

  it('sends a confirmation email, and nothing else until it is confirmed', async () => {
    expect((await subscribe({ email: READER, frequency: 'weekly', theme: 'neglect' })).statusCode).toBe(202);
    const [confirmation] = smtp.to(READER);
    expect(confirmation.subject).toMatch(/Confirm your email alert: the theme Neglect/);
    expect(confirmation.text).toMatch(/weekly email/);
    expect(confirmation.html).toContain(`href="${PUBLIC}/alerts/confirm#token=`);
    // Not confirmed yet: even with new reviews, no digest goes.
    await ingest('child-y-2022.docx');
    const summary = await alerts.sendDue();
    expect(summary.digests).toBe(0);
    expect(smtp.to(READER)).toHaveLength(1);

    readerToken = fragmentToken(linkIn(confirmation, `${PUBLIC}/alerts/confirm#`));
    const confirmed = await app.inject({ method: 'POST', url: '/api/alerts/confirm', payload: { token: readerToken } });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ email: READER, confirmed: true, frequency: 'weekly', theme: 'neglect', expires_at: null });
    // The token is held only as a hash.
    expect(held()).not.toContain(readerToken);
  });

  it('refuses a theme that does not exist, both a theme and a search, and a bad address, sending nothing', async () => {
    const before = smtp.received.length;
    expect((await subscribe({ email: 'x@example.org', frequency: 'weekly', theme: 'no-such-theme' })).statusCode).toBe(400);
    expect((await subscribe({ email: 'x@example.org', frequency: 'weekly', theme: 'neglect', filters: { q: 'x' } })).statusCode).toBe(400);
    expect((await subscribe({ email: 'not an address', frequency: 'weekly', theme: 'neglect' })).statusCode).toBe(400);
    expect((await subscribe({ email: 'x@example.org', frequency: 'daily', theme: 'neglect' })).statusCode).toBe(400);
    expect(smtp.received.length).toBe(before);
    expect(held()).not.toContain('x@example.org');
  });

  it('sends a digest of the reviews published since confirmation, and only published ones, with an unsubscribe header and links on the public address', async () => {
    await subscribeAndConfirm({ email: SEARCHER, frequency: 'monthly', filters: { q: 'neglect', year_from: 2010 } });
    await subscribeAndConfirm({ email: BOUNCE, frequency: 'weekly', theme: 'neglect' });
    smtp.refused.add(BOUNCE);
    const account = await app.inject({
      method: 'PUT',
      url: '/api/admin/users/editor1',
      headers: bearer(TEST_ADMIN_TOKEN),
      payload: { password: 'an-editor-password', role: 'editor', email: EDITOR },
    });
    expect(account.json()).toMatchObject({ username: 'editor1', email: EDITOR });

    // New since confirmation: child-u and child-n (on neglect); child-n is then withdrawn.
    await ingest('child-u-2014.pdf', 'child-n-2015.docx');
    await editorial.withdraw(idOf('child-n-2015.docx'), 'test', 'withdrawn by the partnership');

    const summary = await alerts.sendDue();
    expect(summary.failed.map((f) => f.to)).toEqual([BOUNCE]);
    expect(summary.digests).toBe(2);
    expect(summary.editor_emails).toBe(1);

    const digest = smtp.to(READER).at(-1)!;
    expect(digest.subject).toMatch(/new case reviews? on the theme Neglect/);
    const text = digest.text!;
    expect(text).toContain(titleOf('child-u-2014.pdf'));
    // Published before the alert was confirmed; withdrawn; held for an editor: none of them.
    expect(text).not.toContain(titleOf('child-b-2014.docx'));
    expect(text).not.toContain(titleOf('child-y-2022.docx'));
    expect(text).not.toContain(titleOf('child-n-2015.docx'));
    expect(text).not.toContain(titleOf('child-e-2020.docx'));
    expect(text).toMatch(/Key passages:\n {2}- \(page \d+\) /);
    expect(digest.html).toContain(`href="${PUBLIC}/reviews/${idOf('child-u-2014.pdf')}"`);
    const links = text.match(/https?:\/\/\S+/g)!;
    expect(links.length).toBeGreaterThanOrEqual(2);
    for (const link of links) expect(link.startsWith(`${PUBLIC}/`)).toBe(true);
    // Summaries are cut at a word, not inside one.
    for (const cut of text.match(/\S+…/g) ?? []) expect(cut).toMatch(/[A-Za-z.,;)]…$/);

    expect(rawHeader(digest, 'List-Unsubscribe')).toMatch(new RegExp(`^<${PUBLIC}/api/alerts/unsubscribe\\?token=[A-Za-z0-9_-]+>$`));
    expect(rawHeader(digest, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    const searchDigest = smtp.to(SEARCHER).at(-1)!;
    expect(searchDigest.subject).toMatch(/on the search “neglect”; Year of publication: from 2010/);
    expect(searchDigest.text).not.toContain(titleOf('child-n-2015.docx'));
    // A search by words: the passages the words matched, with their pages.
    expect(searchDigest.text).toMatch(/Key passages:\n {2}- \(page \d+\) [^\n]*neglect/i);

    const editorMail = smtp.to(EDITOR).at(-1)!;
    expect(editorMail.text).toContain(titleOf('child-e-2020.docx'));
    expect(editorMail.text).toContain('Identifier flags to redact or dismiss (1)');
    expect(editorMail.text).toContain(`${PUBLIC}/editor/reviews/${idOf('child-e-2020.docx')}`);
  });

  it('sends nothing twice in the same period', async () => {
    const before = smtp.received.length;
    smtp.refused.delete(BOUNCE);
    const again = await alerts.sendDue();
    // Only the address that failed is tried again.
    expect(again).toMatchObject({ digests: 1, editor_emails: 0, already_sent: 2, failed: [] });
    expect(smtp.received.slice(before).flatMap((r) => r.to)).toEqual([BOUNCE]);
    expect(await alerts.sendDue()).toMatchObject({ digests: 0, already_sent: 3 });
  });

  it('shows the subscriber what is held about them, with the token from any email', async () => {
    const token = tokenOf(smtp.to(READER).at(-1)!);
    const res = await app.inject({ method: 'GET', url: `/api/alerts/subscription?token=${token}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toMatchObject({ email: READER, following: 'the theme Neglect', page: `${PUBLIC}/themes/neglect`, frequency: 'weekly', confirmed: true });
    expect(Date.parse(body.created_at)).toBeLessThanOrEqual(Date.parse(body.confirmed_at));
    expect(body.last_sent_at).not.toBeNull();
    expect((await app.inject({ method: 'GET', url: `/api/alerts/subscription?token=${readerToken}` })).json().email).toBe(READER);
    expect((await app.inject({ method: 'GET', url: `/api/alerts/subscription?token=${'x'.repeat(43)}` })).statusCode).toBe(404);
  });

  it('unsubscribes with one click (RFC 8058), and `scr alerts send` then sends that address nothing', async () => {
    const unsubscribe = unsubscribeUrl(smtp.to(READER).at(-1)!);
    const res = await app.inject({
      method: 'POST',
      url: unsubscribe.slice(PUBLIC.length),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(res.statusCode).toBe(200);
    expect(held()).not.toContain(READER);
    // The request is logged, without its token.
    const token = new URL(unsubscribe).searchParams.get('token')!;
    expect(logLines.some((l) => l.includes('/api/alerts/unsubscribe?token=…'))).toBe(true);
    expect(logLines.filter((l) => l.includes(token))).toEqual([]);

    // A new subscriber, then a new review on neglect, then the cron job.
    await subscribeAndConfirm({ email: LATE, frequency: 'weekly', theme: 'neglect' });
    await ingest('child-r-2020.docx');
    const readerMails = smtp.to(READER).length;
    const run = await runScrAsync(['alerts', 'send', '--data-dir', dataDir], {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      ALERTS_FROM: 'Case Review Repository <alerts@example.org>',
      SCR_PUBLIC_URL: PUBLIC,
    });
    expect(run.stderr).toMatch(/sent 1 alert digests and 0 editors' emails/);
    expect(run.code).toBe(0);
    expect(smtp.to(LATE).at(-1)!.text).toContain(titleOf('child-r-2020.docx'));
    expect(smtp.to(LATE).at(-1)!.text).not.toContain(titleOf('child-u-2014.pdf'));
    expect(smtp.to(READER)).toHaveLength(readerMails);
  });

  it('deletes an alert and its address for good', async () => {
    const token = tokenOf(smtp.to(SEARCHER).at(-1)!);
    expect((await app.inject({ method: 'DELETE', url: `/api/alerts/subscription?token=${token}` })).statusCode).toBe(200);
    expect(held()).not.toContain(SEARCHER);
    expect((await app.inject({ method: 'GET', url: `/api/alerts/subscription?token=${token}` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/api/alerts/subscription?token=${token}` })).statusCode).toBe(404);
  });

  it('forgets an address that never confirms', async () => {
    const address = 'never@example.org';
    expect((await subscribe({ email: address, frequency: 'monthly', theme: 'neglect' })).statusCode).toBe(202);
    const token = fragmentToken(linkIn(smtp.to(address)[0], `${PUBLIC}/alerts/confirm#`));
    expect(alerts.view(token).expires_at).not.toBeNull();
    const later = new Date(Date.now() + 8 * 86_400_000);
    expect(() => alerts.view(token, later)).toThrow(/not confirmed within 7 days/);
    expect(held()).not.toContain(address);
  });

  it('sets a damaged subscriptions file aside instead of failing', async () => {
    fs.writeFileSync(path.join(dataDir, SUBSCRIPTIONS_FILE), '{"subscriptions": [');
    expect(checkStore(dataDir).problems).toContainEqual(expect.objectContaining({ kind: 'subscriptions', file: SUBSCRIPTIONS_FILE }));
    const res = await app.inject({ method: 'GET', url: `/api/alerts/subscription?token=${'y'.repeat(43)}` });
    expect(res.statusCode).toBe(404);
    expect(fs.readdirSync(path.join(dataDir, 'corrupt')).some((n) => n.startsWith(SUBSCRIPTIONS_FILE))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, SUBSCRIPTIONS_FILE))).toBe(false);
  });

  it('sends an address no more than three confirmation emails while none is answered, whoever asks', async () => {
    const victim = 'victim@example.org';
    for (let i = 0; i < 5; i++) expect((await subscribe({ email: victim, frequency: 'weekly', theme: 'neglect' })).statusCode).toBe(202);
    expect(smtp.to(victim)).toHaveLength(3);
  });

  it('limits how often one address may subscribe', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await subscribe({ email: `many${i}@example.org`, frequency: 'weekly', theme: 'neglect' }, '10.1.1.1')).statusCode);
    expect(codes).toContain(429);
  });

  it('sends on the server’s own schedule when one is set, and stops with the server', async () => {
    const address = 'scheduled@example.org';
    await subscribeAndConfirm({ email: address, frequency: 'weekly', theme: 'safe-sleep' });
    await ingest('child-w-2021.pdf');
    const scheduled = await buildApp({ ...repo, publicUrl: PUBLIC, security: { rateLimit: false }, alerts: { mailer: smtp.mailer(), scheduleMinutes: 0.001 } });
    try {
      while (smtp.to(address).length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await scheduled.close();
    }
    expect(smtp.to(address)[1].text).toContain(titleOf('child-w-2021.pdf'));
    expect(smtp.to(address)).toHaveLength(2);
  });

  it('says so plainly when no mail server is configured', async () => {
    const off = await buildApp({ ...repo, publicUrl: PUBLIC, security: { rateLimit: false }, alerts: { mailer: null, scheduleMinutes: null } });
    try {
      expect((await off.inject({ method: 'GET', url: '/api/alerts' })).json()).toMatchObject({ enabled: false });
      const res = await off.inject({ method: 'POST', url: '/api/alerts', payload: { email: 'y@example.org', frequency: 'weekly', theme: 'neglect' } });
      expect(res.statusCode).toBe(503);
      expect(res.json().message).toMatch(/no mail server is configured/);
    } finally {
      await off.close();
    }
  });
});
