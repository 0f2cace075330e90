// Pricing benchmark (not a test), issue #6: in headless Chromium, with the real Online Retail
// file imported, (a) opening #/pricing until the elasticity of every product and category is
// estimated (in the worker) and the page shows them, median of 3 fresh loads; (b) a promotion
// re-evaluated after its discount changes until the page is painted again, median of 9 changes,
// against the goal of one frame (16 ms).
import path from 'node:path';
import { serve, launch, ROOT } from '../tests/e2e/harness.mjs';

const csv = path.resolve(process.argv[2] ?? path.join(ROOT, 'target/online_retail.csv'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const server = await serve();
const browser = await launch();
const opens = [], promos = [];
try {
  for (let run = 0; run < 3; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${server.origin}/#/data`);
    await page.waitForSelector('[data-testid=drop-zone][data-importer=ready]', { timeout: 60_000 });
    await page.setInputFiles('[data-testid=file-input]', csv);
    await page.waitForSelector('[data-testid=import-status][data-state=done]', { timeout: 300_000 });
    opens.push(await page.evaluate(() => new Promise((ok) => {
      const t0 = performance.now();
      location.hash = '#/pricing';
      const check = () => document.querySelector('[data-testid=pricing-elasticity]')
        ? requestAnimationFrame(() => setTimeout(() => ok(performance.now() - t0), 0))
        : requestAnimationFrame(check);
      check();
    })));
    if (run === 0) {
      for (let i = 0; i < 9; i++) {
        promos.push(await page.evaluate((i) => new Promise((ok) => {
          const input = document.querySelector('[data-testid=promo-discount]');
          const before = document.querySelector('[data-testid=promo-gmv]').dataset.value;
          const t0 = performance.now();
          input.value = String(10 + i);
          input.dispatchEvent(new Event('change', { bubbles: true }));
          const check = () => document.querySelector('[data-testid=promo-gmv]').dataset.value !== before
            ? requestAnimationFrame(() => setTimeout(() => ok(performance.now() - t0), 0))
            : requestAnimationFrame(check);
          check();
        }), i));
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const show = (xs) => xs.map((x) => x.toFixed(0)).join(', ');
console.log(`browser pricing on ${path.basename(csv)}:`);
console.log(`  (a) open #/pricing → every elasticity estimated and shown: ${median(opens).toFixed(0)} ms  (${show(opens)})   goal of issue #6: under 200 ms (this includes the promotions' baseline and the page)`);
console.log(`  (b) discount changed → promotion re-evaluated and painted: ${median(promos).toFixed(0)} ms  (${show(promos)})   goal of issue #6: under 16 ms`);
