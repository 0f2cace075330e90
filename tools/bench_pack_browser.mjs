// Saved-work benchmark (not a test), issue #9: in one headless Chromium, the 48 MB Online
// Retail export is imported (the reference: file chosen → import "done"), then
//   - the size of the workspace kept in IndexedDB and of the course pack file exported,
//   - the restore on reload: navigation → overview KPIs shown from the kept workspace, and the
//     worker's part (`main[data-restore-ms]`: saved bytes read → dataset ready),
// each against the import of the same file in the same run. Median of 3.
import { writeFile, mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve, launch, ROOT, waitForKept } from '../tests/e2e/harness.mjs';

const csv = path.resolve(process.argv[2] ?? path.join(ROOT, 'target/online_retail.csv'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = await mkdtemp(path.join(tmpdir(), 'shoplab-pack-bench-'));
const server = await serve();
const browser = await launch();
const runs = { import: [], reload: [], restore: [] };
let savedBytes = 0, packBytes = 0;
try {
  for (let i = 0; i < 3; i++) {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${server.origin}/#/data`);
    await page.waitForSelector('[data-testid=drop-zone][data-importer=ready]', { timeout: 60_000 });
    const t0 = Date.now();
    await page.setInputFiles('[data-testid=file-input]', csv);
    await page.waitForSelector('[data-testid=import-status][data-state=done]', { timeout: 300_000 });
    runs.import.push(Date.now() - t0);
    // Wait until the workspace is kept, and read its size.
    savedBytes = await waitForKept(page, { minBytes: 1_000_000 });
    if (i === 0) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=pack-export]')]);
      const file = path.join(dir, download.suggestedFilename());
      await download.saveAs(file);
      packBytes = (await stat(file)).size;
    }
    const r0 = Date.now();
    await page.goto(`${server.origin}/#/overview`);
    await page.reload();
    await page.waitForSelector('[data-testid=kpi-gmv]', { timeout: 120_000 });
    runs.reload.push(Date.now() - r0);
    runs.restore.push(Number(await page.getAttribute('main', 'data-restore-ms')));
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
const csvBytes = (await stat(csv)).size;
console.log(`saved work, Online Retail (${mb(csvBytes)} CSV, 541,909 lines), median of 3`);
console.log(`  workspace kept in IndexedDB:   ${mb(savedBytes)}  (ratio to the CSV ${(savedBytes / csvBytes).toFixed(2)})`);
console.log(`  course pack file (gzip JSON):  ${mb(packBytes)}  (ratio to the CSV ${(packBytes / csvBytes).toFixed(2)})`);
const imp = median(runs.import), rel = median(runs.reload), res = median(runs.restore);
console.log(`  reference: import of the CSV:  ${imp} ms   (runs: ${runs.import.join(', ')})`);
console.log(`  reload → overview shown:       ${rel} ms   (runs: ${runs.reload.join(', ')})  ratio to the import ${(rel / imp).toFixed(2)}`);
console.log(`  of which restore in the worker: ${res} ms   (runs: ${runs.restore.join(', ')})  ratio to the import ${(res / imp).toFixed(2)}`);
