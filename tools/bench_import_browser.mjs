// Browser import benchmark (not a test), issue #3: in one headless Chromium, on the same 48 MB
// Online Retail file, (a) the app's import until the tables and the overview aggregates are
// ready (file chosen → import status "done"), (b) uDSV 0.7.3 typed parse and (c) Papa Parse 5.7.1
// with header and dynamicTyping, both on the already-read text in the same page. Median of 5.
import { symlink, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { serve, launch, ROOT } from '../tests/e2e/harness.mjs';

const csv = path.resolve(process.argv[2] ?? path.join(ROOT, 'target/online_retail.csv'));
const require = createRequire(path.join(ROOT, 'tools/package.json'));
const udsvPath = require.resolve('udsv/dist/uDSV.iife.min.js');
const papaPath = require.resolve('papaparse/papaparse.min.js');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const link = path.join(ROOT, 'dist/__bench_import.csv');
await rm(link, { force: true });
await symlink(csv, link);
const server = await serve();
const browser = await launch();
const runs = { app: [], udsv: [], papa: [] };
try {
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.origin}/#/data`);
    await page.waitForSelector('[data-testid=dataset-name]', { timeout: 60_000 });
    await page.evaluate(() => {
      const input = document.querySelector('[data-testid=file-input]');
      input.addEventListener('change', () => { window.__t0 = performance.now(); }, { capture: true });
      new MutationObserver(() => {
        const s = document.querySelector('[data-testid=import-status]');
        if (s && s.dataset.state === 'done' && window.__t1 === undefined) window.__t1 = performance.now();
      }).observe(document.body, { subtree: true, attributes: true, childList: true });
    });
    await page.setInputFiles('[data-testid=file-input]', csv);
    await page.waitForFunction(() => window.__t1 !== undefined, null, { timeout: 300_000, polling: 100 });
    runs.app.push(await page.evaluate(() => window.__t1 - window.__t0));

    await page.addScriptTag({ path: udsvPath });
    await page.addScriptTag({ path: papaPath });
    const [u, p] = await page.evaluate(async () => {
      const response = await fetch('./__bench_import.csv');
      const text = await response.text();
      if (!text.startsWith('InvoiceNo')) throw new Error(`unexpected text (${response.status}): ${text.slice(0, 80)}`);
      let t = performance.now();
      const parser = uDSV.initParser(uDSV.inferSchema(text));
      const rows = parser.typedArrs(text);
      const udsv = performance.now() - t;
      t = performance.now();
      const papa = Papa.parse(text, { header: true, dynamicTyping: true });
      const papaMs = performance.now() - t;
      if (rows.length < 500_000 || papa.data.length < 500_000) throw new Error('parse incomplete');
      return [udsv, papaMs];
    });
    runs.udsv.push(u);
    runs.papa.push(p);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  await rm(link, { force: true });
}
const [a, b, c] = [median(runs.app), median(runs.udsv), median(runs.papa)];
const show = (xs) => xs.map((x) => x.toFixed(0)).join(', ');
console.log(`browser import of ${path.basename(csv)}, median of 5 in headless Chromium:`);
console.log(`  (a) Shoplab import, file chosen → tables and overview ready: ${a.toFixed(0)} ms  (${show(runs.app)})`);
console.log(`  (b) uDSV 0.7.3 typed parse of the text:                      ${b.toFixed(0)} ms  (${show(runs.udsv)})`);
console.log(`  (c) Papa Parse 5.7.1, header + dynamicTyping:                ${c.toFixed(0)} ms  (${show(runs.papa)})`);
console.log(`  a/b = ${(a / b).toFixed(2)}   a/c = ${(a / c).toFixed(2)}   (goal of issue #3: a/b at most 0.5)`);
