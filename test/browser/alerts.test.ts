/**
 * Email alerts in Chromium, through a real SMTP server: subscribe on the Follow page, open the
 * link in the confirmation email, receive the digest, see what is held and delete it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SEARCH_FIELDS } from '../../model';
import { ingestFiles } from '../../ingest/batch';
import { readManifest } from '../../ingest/manifest';
import { Alerts } from '../../core/alerts/alerts';
import { SUBSCRIPTIONS_FILE } from '../../store/subscriptions';
import { FIXTURE_MANIFEST, FIXTURE_REPORTS } from '../fixture-repository';
import { linkIn, startSmtp, type TestSmtp } from '../smtp';
import { accessibilityViolations, launchChromium, startPortal, type Portal } from './portal-harness';

const PUBLIC = 'https://reviews.example.org';
const READER = 'reader@example.org';

let smtp: TestSmtp;
let portal: Portal;
let browser: Browser;
let page: Page;
let alerts: Alerts;

beforeAll(async () => {
  smtp = await startSmtp();
  [portal, browser] = await Promise.all([
    startPortal({ publicUrl: PUBLIC, alerts: { mailer: smtp.mailer(), scheduleMinutes: null } }, ['child-b-2014.docx']),
    launchChromium(),
  ]);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  alerts = new Alerts({ ...portal.repo, fields: SEARCH_FIELDS, publicUrl: PUBLIC, mailer: smtp.mailer() });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await smtp?.close();
});

/** A link from an email, opened on the server under test (the emails name the public address). */
const local = (link: string) => portal.base + link.slice(PUBLIC.length);

async function expectAccessible() {
  expect(await accessibilityViolations(page)).toEqual([]);
}

describe('email alerts in the portal', () => {
  it('subscribes, confirms, receives a digest, and deletes what is held', async () => {
    await page.goto(`${portal.base}/themes/neglect`);
    await page.getByRole('link', { name: /^Follow new reviews/ }).click();
    await page.waitForURL(/\/follow\?theme=neglect$/);
    // The page names the theme once its label has loaded: wait for that heading, not the first one shown.
    await page.getByRole('heading', { level: 1, name: 'Follow new reviews on neglect', exact: true }).waitFor();
    // The feed address to copy is the theme's feed.
    await expect(page.getByLabel('Feed address').inputValue()).resolves.toBe(`${portal.base}/api/themes/neglect/feed.atom`);
    await expectAccessible();
    await page.setViewportSize({ width: 390, height: 844 });
    await expectAccessible();
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByLabel('Your email address').fill(READER);
    await page.getByLabel('Once a week').check();
    await page.getByRole('button', { name: 'Email me new reviews' }).click();
    await page.getByRole('status').filter({ hasText: 'We have sent an email' }).waitFor();

    const [confirmation] = smtp.to(READER);
    await page.goto(local(linkIn(confirmation, `${PUBLIC}/alerts/confirm#`)));
    await expectAccessible();
    await page.getByRole('button', { name: 'Confirm my email alert' }).click();
    await page.getByText('Your alert is on').waitFor();
    await expectAccessible();

    // A review published after confirmation, then the send run (as cron runs it).
    const summary = await ingestFiles([path.join(FIXTURE_REPORTS, 'child-u-2014.pdf')], {
      ...portal.repo,
      taxonomyVersion: portal.repo.taxonomy.version,
      manifest: readManifest(FIXTURE_MANIFEST),
    });
    expect(summary.ingested).toBe(1);
    expect((await alerts.sendDue()).digests).toBe(1);
    const digest = smtp.to(READER).at(-1)!;
    const added = [...portal.repo.store.all()].find((r) => r.source.name === 'child-u-2014.pdf')!;
    expect(digest.text).toContain(added.metadata.title);
    expect(digest.text).not.toContain([...portal.repo.store.all()].find((r) => r.source.name === 'child-b-2014.docx')!.metadata.title);

    // The review link in the digest opens the review.
    await page.goto(local(linkIn(digest, `${PUBLIC}/reviews/`)));
    await page.getByRole('heading', { level: 1, name: added.metadata.title, exact: true }).waitFor();

    await page.goto(local(linkIn(digest, `${PUBLIC}/alerts/manage#`)));
    await page.getByText(READER).waitFor();
    await expect(page.getByText('Once a week').isVisible()).resolves.toBe(true);
    await expectAccessible();
    await page.getByRole('button', { name: 'Delete my alert and email address' }).click();
    await page.getByRole('status').filter({ hasText: 'deleted' }).waitFor();
    expect(fs.readFileSync(path.join(portal.repo.store.dataDir, SUBSCRIPTIONS_FILE), 'utf8')).not.toContain(READER);
  });
});
