/**
 * How soon the portal's first screen is usable: cold loads (fresh browser context, empty cache)
 * of the search page in Debian's Chromium against the real server over the fixture reports,
 * timed by the page's own clock from the start of navigation to the first result on screen.
 * Needs the built portal: `npm run build:web`.  Usage: npm run bench:portal -- [--runs 15]
 */
import { launchChromium, startPortal } from '../test/browser/portal-harness';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
  const [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
  try {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(portal.base + '/');
      const handle = await page.waitForFunction(() => document.querySelector('.result') && performance.now());
      times.push((await handle.jsonValue()) as number);
      await context.close();
    }
    times.sort((a, b) => a - b);
    console.log(`first screen with results, ${runs} cold loads (ms): median ${percentile(times, 50).toFixed(0)}, p90 ${percentile(times, 90).toFixed(0)}, min ${times[0].toFixed(0)}, max ${times[times.length - 1].toFixed(0)}`);
  } finally {
    await browser.close();
    await portal.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
