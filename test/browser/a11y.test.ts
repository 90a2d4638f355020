/**
 * Every portal page in Chromium against the real server: axe-core finds no WCAG 2.1 A/AA
 * violation at desktop and phone widths; the keyboard reaches the first result in a handful of
 * presses; theme and search pages name their feeds in the head; the editor forms speak in labels.
 * Needs the built portal: `npm run build:web` (npm test does it).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OUTCOME_LABELS, REVIEW_TYPE_LABELS, type ReviewRecord } from '../../model';
import { partnerships } from '../../model/partnerships';
import { authConfigFromEnv } from '../../server/auth/config';
import { Editorial } from '../../core/editorial/editorial';
import { AuditLog } from '../../store/audit-log';
import { TEST_ADMIN_PASSWORD } from '../editor-app';
import { accessibilityViolations, launchChromium, settled, signInAsAdmin, startPortal, trackRequests, type Portal } from './portal-harness';

let portal: Portal;
let browser: Browser;
let published: ReviewRecord;
let redacted: ReviewRecord;

interface PortalPage {
  name: string;
  path: () => string;
  /** Shown once the page has what it came for. */
  ready: string;
  /** Editor pages: visited signed in. */
  editor?: boolean;
}

/** Every page of the portal, in the order visited (the editor's after the sign-in page). Add new pages here. */
const PAGES: PortalPage[] = [
  { name: 'search', path: () => '/?q=neglect', ready: '.result' },
  { name: 'home', path: () => '/', ready: '.result' },
  { name: 'theme list', path: () => '/themes', ready: 'h2' },
  { name: 'theme', path: () => '/themes/neglect', ready: '#count-heading' },
  { name: 'review', path: () => `/reviews/${published.id}`, ready: 'h1' },
  { name: 'redacted review', path: () => `/reviews/${redacted.id}`, ready: 'h1' },
  { name: 'pack', path: () => `/pack?review=${published.id}&theme=${published.themes[0].id}`, ready: '.pack__review' },
  { name: 'statistics', path: () => '/stats', ready: 'table' },
  { name: 'follow a theme', path: () => '/follow?theme=neglect', ready: 'main h1' },
  { name: 'follow a search', path: () => '/follow?q=neglect&review_type=scr', ready: 'main h1' },
  { name: 'alert confirmation', path: () => '/alerts/confirm', ready: 'main h1' },
  { name: 'alert held data', path: () => '/alerts/manage', ready: 'main h1' },
  { name: 'missing page', path: () => '/no/such/page', ready: 'h1' },
  { name: 'editor login', path: () => '/editor/login', ready: 'form' },
  { name: 'editor list', path: () => '/editor?status=published', ready: 'table', editor: true },
  { name: 'editor review', path: () => `/editor/reviews/${redacted.id}`, ready: '#audit-heading', editor: true },
  { name: 'upload', path: () => '/editor/upload', ready: 'form', editor: true },
  { name: 'tagger agreement', path: () => '/editor/agreement', ready: 'main h1', editor: true },
];

const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
];

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal({ auth: authConfigFromEnv({ SCR_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD }), security: { rateLimit: false } }), launchChromium()]);
  const { store, backend } = portal.repo;
  const reviews = [...store.all()].filter((r) => r.status === 'published' && r.themes.length && r.recommendations.length);
  published = reviews[0];
  // A word of the review's own text, redacted as a name, makes a redacted review of it.
  const word = reviews[1].text.match(/\b[A-Z][a-z]{5,}\b/)![0];
  redacted = await new Editorial(store, backend, new AuditLog(portal.dataDir)).redact(reviews[1].id, word, 'name', 'editor');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

const url = (p: string) => portal.base + p;

async function open(page: Page, target: PortalPage) {
  await page.goto(url(target.path()));
  await page.locator(target.ready).first().waitFor();
  await settled(page);
}

describe.each(WIDTHS)('every page at $name width', ({ viewport, ...device }) => {
  let context: BrowserContext;
  let page: Page;
  let signedIn = false;
  beforeAll(async () => {
    context = await browser.newContext({ viewport, ...device });
    page = await context.newPage();
    trackRequests(page);
  });
  afterAll(() => context?.close());

  it.each(PAGES)('$name passes the accessibility check', async (target) => {
    if (target.editor && !signedIn) {
      await signInAsAdmin(page, portal.base);
      signedIn = true;
    }
    await open(page, target);
    expect({ page: target.name, violations: await accessibilityViolations(page) }).toEqual({ page: target.name, violations: [] });
  });
});

describe('by keyboard', () => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(() => page?.close());

  const focused = () => page.evaluate(() => ({ text: document.activeElement?.textContent?.trim(), id: document.activeElement?.id }));

  it('reaches the first result of the home page in a handful of presses, through "Skip to results"', async () => {
    await page.goto(url('/'));
    await page.locator('.result').first().waitFor();
    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toMatchObject({ text: 'Skip to results' });
    // Seen when focused, not hidden off screen.
    const box = await page.getByRole('link', { name: 'Skip to results' }).boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    await expect(focused()).resolves.toMatchObject({ id: 'results-heading' });
    const firstResult = await page.locator('.result a').first().getAttribute('href');
    let presses = 1;
    while ((await page.evaluate(() => document.activeElement?.getAttribute('href'))) !== firstResult && presses < 30) {
      await page.keyboard.press('Tab');
      presses++;
    }
    expect(presses).toBeLessThanOrEqual(8);
  });

  it('offers "Skip to main content" next, on every page', async () => {
    await page.goto(url('/?q=neglect'));
    await page.locator('.result').first().waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toMatchObject({ text: 'Skip to main content' });
    await page.keyboard.press('Enter');
    await expect(focused()).resolves.toMatchObject({ id: 'main' });
    await page.goto(url('/stats'));
    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toMatchObject({ text: 'Skip to main content' });
  });
});

describe('feed autodiscovery', () => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(() => page?.close());

  const feedLinks = () =>
    page.evaluate(() => [...document.head.querySelectorAll('link[rel="alternate"][type="application/atom+xml"]')].map((l) => ({ title: l.getAttribute('title'), href: l.getAttribute('href') })));

  it('names the theme’s feed in the head of its page, and the search’s with its filters', async () => {
    await page.goto(url('/themes/neglect'));
    await page.locator('#count-heading').waitFor();
    await expect(feedLinks()).resolves.toEqual([{ title: 'Case reviews on neglect', href: '/api/themes/neglect/feed.atom' }]);
    const served = await fetch(url('/api/themes/neglect/feed.atom'));
    expect(served.headers.get('content-type')).toMatch(/^application\/atom\+xml/);

    await page.getByRole('link', { name: 'Search', exact: true }).click();
    await page.locator('.result').first().waitFor();
    const [home] = await feedLinks();
    expect(home.href).toBe('/api/search/feed.atom');
    await page.getByLabel('Search reviews by words or phrases').fill('neglect');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/q=neglect/);
    await page.waitForFunction(() => document.head.querySelector('link[type="application/atom+xml"]')?.getAttribute('href')?.includes('q=neglect'));
    const [searched] = await feedLinks();
    expect(searched.title).toBe('Case reviews matching “neglect”');
    expect(new URL(searched.href!, portal.base).searchParams.get('q')).toBe('neglect');
    await expect(feedLinks()).resolves.toHaveLength(1);
  });

  it('takes the feed link away on a page without a feed', async () => {
    await page.goto(url('/themes/neglect'));
    await page.locator('#count-heading').waitFor();
    await page.getByRole('link', { name: 'Themes', exact: true }).click();
    await page.waitForURL(/\/themes$/);
    await page.locator('h2').first().waitFor();
    await expect(feedLinks()).resolves.toEqual([]);
  });
});

describe('editor forms', () => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAsAdmin(page, portal.base);
  });
  afterAll(() => page?.close());

  const optionTexts = (id: string) => page.locator(`#${id} option`).allTextContents();

  it('offers labels, never codes, and fills region and nation from the partnership chosen on upload', async () => {
    await page.goto(url('/editor/upload'));
    await page.locator('#up-area').waitFor();
    const types = await optionTexts('up-type');
    expect(types).toEqual(expect.arrayContaining([REVIEW_TYPE_LABELS.scr, REVIEW_TYPE_LABELS.lcspr]));
    expect(types).not.toContain('scr');
    const outcomes = await optionTexts('up-outcome');
    expect(outcomes).toContain(OUTCOME_LABELS['serious-harm']);
    expect(outcomes).not.toContain('serious-harm');
    await expect(optionTexts('up-age')).resolves.not.toContain('under-1');

    const regions = await optionTexts('up-region');
    const known = new Set(partnerships().map((p) => p.region));
    expect(regions.slice(1).sort()).toEqual([...known].sort());
    const chosen = partnerships().find((p) => p.nation === 'England' && p.region !== 'London')!;
    await page.locator('#up-area').fill(chosen.name);
    await page.locator('#up-area').press('Tab');
    await expect(page.locator('#up-region').inputValue()).resolves.toBe(chosen.region);
    await expect(page.locator('#up-nation').inputValue()).resolves.toBe(chosen.nation);
  });

  it('does the same in the metadata form, with the region a choice from the list', async () => {
    await page.goto(url(`/editor/reviews/${published.id}`));
    await page.locator('#md-area').waitFor();
    await expect(page.locator('#md-region').evaluate((e) => e.tagName)).resolves.toBe('SELECT');
    await expect(optionTexts('md-outcome')).resolves.toContain(OUTCOME_LABELS[published.metadata.outcome]);
    const chosen = partnerships().find((p) => p.nation === 'Wales')!;
    await page.locator('#md-area').fill(chosen.name);
    await page.locator('#md-area').press('Tab');
    await expect(page.locator('#md-region').inputValue()).resolves.toBe(chosen.region);
    await expect(page.locator('#md-nation').inputValue()).resolves.toBe('Wales');
  });

  it('names the status and each change of the history in words, not codes', async () => {
    await page.goto(url(`/editor/reviews/${redacted.id}`));
    const history = page.locator('table.audit');
    await history.waitFor();
    await page.getByText('Status: Published', { exact: true }).waitFor();
    await expect(history.locator('tbody td:nth-child(3)').allTextContents()).resolves.toContain('Phrase redacted');
    await expect(history.textContent()).resolves.not.toContain('redact-phrase');
  });

  it('shows dates in the British format', async () => {
    await page.goto(url('/editor?status=published'));
    const when = page.locator('table time').first();
    await when.waitFor();
    const [text, iso] = [await when.textContent(), await when.getAttribute('datetime')];
    const months = 'January|February|March|April|May|June|July|August|September|October|November|December';
    expect(text).toMatch(new RegExp(`^([1-9]|[12][0-9]|3[01]) (${months}) \\d{4}, ([01][0-9]|2[0-3]):[0-5][0-9]$`));
    expect(text).toContain(iso!.slice(0, 4));
  });
});
