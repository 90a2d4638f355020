/**
 * The editor pages in Chromium against the real server: checking text read by OCR against the page
 * images, and Publish offered only when the server would publish. Needs `npm run build:web`.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ReviewRecord } from '../../model';
import { projectRoot } from '../../lib/paths';
import { ingestFiles } from '../../ingest/batch';
import { authConfigFromEnv } from '../../server/auth/config';
import { TEST_ADMIN_PASSWORD } from '../editor-app';
import { accessibilityViolations, launchChromium, signInAsAdmin, startPortal, type Portal } from './portal-harness';

let portal: Portal;
let browser: Browser;
let page: Page;
let scanned: ReviewRecord;

const MIXED = path.join(projectRoot(), 'fixtures', 'ocr', 'child-f-2017-mixed.pdf');

beforeAll(async () => {
  [portal, browser] = await Promise.all([startPortal({ auth: authConfigFromEnv({ SCR_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD }), security: { rateLimit: false } }), launchChromium()]);
  const { store, backend, tagger, taxonomy } = portal.repo;
  await ingestFiles([MIXED], { store, backend, tagger, taxonomyVersion: taxonomy.version });
  scanned = [...store.all()].find((r) => r.source.name === path.basename(MIXED))!;
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await signInAsAdmin(page, portal.base);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

const publishButton = () => page.getByRole('button', { name: 'Publish', exact: true });

async function openReview(id: string) {
  await page.goto(`${portal.base}/editor/reviews/${id}`);
  await page.getByRole('heading', { name: 'Publish or withdraw' }).waitFor();
}

describe('editor review page in Chromium', () => {
  it('shows each OCR page image beside its recognised text, and no Publish until the text is checked', async () => {
    expect(scanned).toMatchObject({ status: 'quarantined', statusReason: 'OCR text to check' });
    await openReview(scanned.id);
    const ocrPages = scanned.ocr!.pages.map((p) => p.num);
    for (const num of ocrPages) {
      const image = page.getByRole('img', { name: `Image of page ${num} of the original file` });
      await image.waitFor();
      await page.waitForFunction((alt) => {
        const img = [...document.images].find((i) => i.alt === alt);
        return !!img && img.complete && img.naturalWidth > 0;
      }, `Image of page ${num} of the original file`);
      const range = scanned.pages.find((p) => p.num === num)!;
      const words = (text: string | null) => (text ?? '').split(/\s+/).filter(Boolean).join(' ');
      const shown = words(await page.getByLabel(`Recognised text of page ${num}`).textContent());
      expect(shown).toBe(words(scanned.text.slice(range.start, range.end)));
      expect(shown.split(' ').length).toBeGreaterThan(50);
    }
    expect(await publishButton().count()).toBe(0);
    await expect(page.getByTestId('publish-blockers').textContent()).resolves.toMatch(/read by OCR .*check it against the page images/);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Mark the OCR text checked' }).click();
    await publishButton().waitFor();
    await expect(page.getByText(/Checked by admin/).count()).resolves.toBe(1);
    await publishButton().click();
    await page.getByText(/Status: Published/).waitFor();
    expect(portal.repo.store.get(scanned.id)!.status).toBe('published');
  });

  it('offers no Publish for a review with open identifier flags until every flag is resolved', async () => {
    const flagged = [...portal.repo.store.all()].find((r) => r.statusReason === 'identifier flags')!;
    await openReview(flagged.id);
    expect(await publishButton().count()).toBe(0);
    await expect(page.getByTestId('publish-blockers').textContent()).resolves.toContain(`${flagged.flags.length} open identifier flags`);
    for (let left = flagged.flags.length; left > 0; left--) {
      await page.getByRole('button', { name: /^Dismiss/ }).first().click();
      await page.getByRole('heading', { name: `Identifier flags (${left - 1} open of ${flagged.flags.length})` }).waitFor();
      if (left > 1) expect(await publishButton().count()).toBe(0);
    }
    await publishButton().waitFor();
    expect(await page.getByTestId('publish-blockers').count()).toBe(0);
  });

  it('says why a review with no text cannot be published', async () => {
    const noText = [...portal.repo.store.all()].find((r) => r.statusReason === 'needs OCR')!;
    await openReview(noText.id);
    expect(await publishButton().count()).toBe(0);
    await expect(page.getByTestId('publish-blockers').textContent()).resolves.toMatch(/no text layer/);
    await expect(page.getByText('There is no text to scan for identifiers yet.').count()).resolves.toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});

describe('an editor session the server no longer accepts', () => {
  it('ends the session and says to sign in again, in the server’s words', async () => {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      // A token from an earlier server process: well formed, unexpired, but not signed by this one.
      await tab.goto(`${portal.base}/editor/login`);
      await tab.evaluate(() =>
        sessionStorage.setItem(
          'scr-editor-session',
          JSON.stringify({ token: 'stale-token-from-a-restarted-server', user: { username: 'admin', role: 'admin' }, expiresAt: new Date(Date.now() + 3_600_000).toISOString() }),
        ),
      );
      await tab.goto(`${portal.base}/editor`);
      await tab.getByRole('alert').getByText(/Sign in first/).waitFor();
      await expect(tab.evaluate(() => sessionStorage.getItem('scr-editor-session'))).resolves.toBeNull();
      await expect(tab.getByText('Signed in as').count()).resolves.toBe(0);
    } finally {
      await tab.close();
    }
  });
});
