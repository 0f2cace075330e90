// Review benchmark (not a test), issue #4: in headless Chromium, with the real Online Retail
// file imported, the time from choosing another period to the whole review drawn again (the
// page's DOM updated and every chart painted), median of 5 changes per period kind.
import path from 'node:path';
import { serve, launch, ROOT } from '../tests/e2e/harness.mjs';

const csv = path.resolve(process.argv[2] ?? path.join(ROOT, 'target/online_retail.csv'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const server = await serve();
const browser = await launch();
const times = { year: [], quarter: [], month: [] };
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
  await page.goto(`${server.origin}/#/data`);
  await page.waitForSelector('[data-testid=drop-zone][data-importer=ready]', { timeout: 60_000 });
  await page.setInputFiles('[data-testid=file-input]', csv);
  await page.waitForSelector('[data-testid=import-status][data-state=done]', { timeout: 300_000 });
  await page.click('a[href="#/report"]');
  await page.waitForSelector('[data-testid=report]', { timeout: 60_000 });
  // Choose a period and time until the review for it is in the page and painted.
  const change = async (kind, value, from) => {
    await page.selectOption('[data-testid=report-period-kind]', kind);
    await page.waitForSelector('[data-testid=report-period]');
    const t0 = await page.evaluate(() => performance.now());
    await page.selectOption('[data-testid=report-period]', value);
    await page.waitForSelector(`[data-testid=report][data-period-from="${from}"]`, { timeout: 60_000, polling: 'raf' });
    // Two animation frames: the charts, drawn in effects after the update, are painted.
    const t1 = await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok(performance.now())))));
    return t1 - t0;
  };
  for (let i = 0; i < 5; i++) {
    times.year.push(await change('year', '2011', '2011-01-01') - 0);
    await change('year', '2010', '2010-01-01');
    times.quarter.push(await change('quarter', '2011-Q4', '2011-10-01'));
    await change('quarter', '2011-Q3', '2011-07-01');
    times.month.push(await change('month', '2011-11', '2011-11-01'));
    await change('month', '2011-10', '2011-10-01');
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`browser review of ${path.basename(csv)} after a period change, median of 5 (choice → review drawn):`);
for (const [kind, xs] of Object.entries(times)) {
  console.log(`  ${kind.padEnd(8)} ${median(xs).toFixed(0).padStart(5)} ms   (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})   goal of issue #4: under 100 ms`);
}
