/**
 * Screenshots of the portal's main pages for docs/screenshots, taken in Debian's Chromium against
 * the real server over the fixture reports. Needs the built portal: `npm run build:web`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../lib/paths';
import { launchChromium, startPortal } from '../test/browser/portal-harness';

const OUT = path.join(projectRoot(), 'docs', 'screenshots');

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
  try {
    const found = (await (await fetch(`${portal.base}/api/search?q=bruising&size=1`)).json()) as { results: { id: string }[] };
    const reviewId = found.results[0].id;
    const shots: { name: string; path: string; width: number; ready: string; full?: boolean; click?: string }[] = [
      { name: 'search', path: '/?q=neglect', width: 1280, ready: '.result' },
      { name: 'search-phone', path: '/?q=neglect', width: 390, ready: '.result' },
      { name: 'review', path: `/reviews/${reviewId}`, width: 1280, ready: '.similar__item' },
      { name: 'theme-digest', path: '/themes/neglect', width: 1280, ready: '.passage', full: true },
      { name: 'statistics', path: '/stats?by=year', width: 1280, ready: '.stats__matrix', full: true },
      // The pack filled the way a trainer would, from a theme page's link.
      { name: 'case-study-pack', path: '/themes/neglect', width: 1280, ready: '.pack__review', click: 'Make a case-study pack' },
    ];
    for (const shot of shots) {
      const page = await browser.newPage({ viewport: { width: shot.width, height: 900 }, deviceScaleFactor: 1 });
      await page.goto(portal.base + shot.path);
      if (shot.click) await page.getByRole('link', { name: shot.click }).click();
      await page.locator(shot.ready).first().waitFor();
      await page.waitForLoadState('networkidle');
      const file = path.join(OUT, `${shot.name}.png`);
      await page.screenshot({ path: file, fullPage: shot.full ?? false });
      process.stderr.write(`wrote ${path.relative(projectRoot(), file)}\n`);
      await page.close();
    }
  } finally {
    await browser.close();
    await portal.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`screenshots: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
