/**
 * A redacted review in Chromium: its file is withheld, its whole redacted text is read page by
 * page, a passage's page link (on the review page or a theme digest) lands on that page of the
 * text, and the redacted PDF downloads.
 * Needs the built portal: `npm run build:web` (npm test does it).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Editorial } from '../../core/editorial/editorial';
import { AuditLog } from '../../store/audit-log';
import { FIXTURE_REPORTS } from '../fixture-repository';
import { accessibilityViolations, launchChromium, startPortal, type Portal } from './portal-harness';

const FILE = 'child-a-2012.pdf';
const PHRASE = 'Brackenridge';

let portal: Portal;
let browser: Browser;
let page: Page;
let id: string;

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal({}, [FILE]), launchChromium()]);
  const { store, backend } = portal.repo;
  id = [...store.all()].find((r) => r.source.name === FILE)!.id;
  await new Editorial(store, backend, new AuditLog(store.dataDir)).redact(id, PHRASE, 'name', 'editor');
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

const pageCount = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);

/** Whether the element is the focused one and its top is on screen. */
const landedOn = (elementId: string) =>
  page.waitForFunction((target) => {
    const el = document.getElementById(target);
    const top = el?.getBoundingClientRect().top ?? -1;
    return document.activeElement === el && top >= 0 && top < window.innerHeight;
  }, elementId);

describe('a redacted review in the portal', () => {
  it('follows a passage’s page link to that page of the full text, opened from collapsed', async () => {
    await page.goto(`${portal.base}/reviews/${id}`);
    await page.getByRole('heading', { name: 'Read the full report' }).waitFor();
    expect(await page.getByText('The original file is withheld').count()).toBe(1);
    const toggle = page.getByRole('button', { name: 'Show the full text' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');

    // The passage furthest into the report, so that landing on it means scrolling to it.
    const links = page.locator('.passage__source a');
    const targets = await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).hash));
    const last = targets.map((h) => Number(/^#page-(\d+)$/.exec(h)![1])).reduce((a, b) => Math.max(a, b));
    const link = links.nth(targets.indexOf(`#page-${last}`));
    const quoted = (await link.locator('xpath=ancestor::li[1]//blockquote').innerText()).slice(0, 50);
    await link.click();
    await page.waitForURL(new RegExp(`#page-${last}$`));
    await landedOn(`page-${last}-heading`);
    expect(await page.locator(`#page-${last}-heading`).innerText()).toBe(`Page ${last}`);
    expect(await page.locator(`#page-${last}`).innerText()).toContain(quoted);
    expect(await page.getByRole('button', { name: 'Hide the full text' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('reads the whole redacted text, page by page, from an address that names a page', async () => {
    // A fresh tab, as a link from elsewhere (a pack, another site) opens it.
    page = await page.context().newPage();
    await page.goto(`${portal.base}/reviews/${id}#page-4`);
    await landedOn('page-4-heading');
    const sections = page.locator('#full-text-pages > section');
    expect(await sections.count()).toBe(pageCount(path.join(FIXTURE_REPORTS, FILE)));
    const text = await page.locator('#full-text-pages').innerText();
    expect(text).toContain('[redacted]');
    expect(text).not.toMatch(new RegExp(PHRASE, 'i'));
    expect(await accessibilityViolations(page)).toEqual([]);
    // Another page typed into the address bar, and back again.
    await page.goto(`${portal.base}/reviews/${id}#page-6`);
    await landedOn('page-6-heading');
    await page.goBack();
    await landedOn('page-4-heading');
  });

  it('follows a page link from a theme digest to that page of the full text', async () => {
    const theme = portal.repo.store.get(id)!.themes[0].id;
    await page.goto(`${portal.base}/themes/${theme}`);
    const link = page.locator('.passage__source a[href*="#page-"]').first();
    await link.waitFor();
    const target = /#(page-\d+)$/.exec((await link.getAttribute('href'))!)![1];
    expect(await link.getAttribute('href')).toBe(`/reviews/${id}#${target}`);
    await link.click();
    await landedOn(`${target}-heading`);
  });

  it('downloads the redacted copy as a PDF with the original’s pages, under the neutral name', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.review__actions').getByRole('link', { name: /Download the redacted copy/ }).click()]);
    expect(download.suggestedFilename()).toBe(`review-${id}-redacted.pdf`);
    const file = await download.path();
    expect(pageCount(file)).toBe(pageCount(path.join(FIXTURE_REPORTS, FILE)));
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Redacted copy — page 1 of the original report');
    expect(text).not.toMatch(new RegExp(PHRASE, 'i'));
    expect(fs.statSync(file).size).toBeGreaterThan(0);
  });
});
