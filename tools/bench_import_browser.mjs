// Browser import benchmark (not a test), issue #3: in one headless Chromium, on the same 48 MB
// Online Retail file, (a) the app's import until the tables and the overview aggregates are
// ready (file chosen → import status "done"), (b) uDSV 0.7.3 typed parse and (c) Papa Parse 5.7.1
// with header and dynamicTyping, both on the already-read text in the same page, and (d) the
// reading of the file alone, which (a) includes and (b) and (c) do not. Median of 5.
import { symlink, rm, stat } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
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
const runs = { app: [], udsv: [], papa: [], read: [] };
const phases = [];
let large = null;
try {
  for (let i = 0; i < 5; i++) {
    // The reference parsers are added as inline scripts, which the app's CSP refuses.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.origin}/#/data`);
    // The import worker warms up when the data page opens; a user takes longer to pick a file.
    await page.waitForSelector('[data-testid=drop-zone][data-importer=ready]', { timeout: 60_000 });
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
    const [t0, t1] = await page.evaluate(() => [performance.timeOrigin + window.__t0, performance.timeOrigin + window.__t1]);
    for (const worker of page.workers()) {
      // The import worker marks its steps (web/worker.rs); times on one clock (epoch ms).
      const marks = await worker.evaluate(() => performance.getEntriesByType('mark')
        .filter((m) => m.name.startsWith('import:'))
        .map((m) => [m.name, performance.timeOrigin + m.startTime])).catch(() => []);
      const at = (name) => marks.filter(([n]) => n === name).map(([, t]) => t);
      if (!at('import:ready').length) continue;
      const feeds = at('import:feed');
      const fed = at('import:fed');
      const parse = feeds.reduce((sum, t, i) => sum + (fed[i] - t), 0);
      const [start] = at('import:start');
      const [parsed] = at('import:parsed');
      const [ready] = at('import:ready');
      phases.push({
        toWorker: start - t0,
        reading: parsed - start - parse - (parsed - fed[fed.length - 1]),
        parsing: parse,
        finishing: parsed - fed[fed.length - 1],
        tables: ready - parsed,
        toPage: t1 - ready,
      });
    }

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
    // (d) Reading alone: a plain JavaScript worker reads the same file in the same 4 MiB
    // slices with Blob.slice().arrayBuffer(), one after the other, and does nothing with them.
    await page.evaluate(() => { const i = document.createElement('input'); i.type = 'file'; i.id = 'bench-read'; i.hidden = true; document.body.append(i); });
    await page.setInputFiles('#bench-read', csv);
    runs.read.push(await page.evaluate(() => new Promise((ok) => {
      const source = `onmessage = async (e) => {
        const f = e.data, slice = 4 << 20, t = performance.now();
        for (let at = 0; at < f.size; at += slice) await f.slice(at, Math.min(f.size, at + slice)).arrayBuffer();
        postMessage(performance.now() - t);
      };`;
      const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
      worker.onmessage = (e) => { worker.terminate(); ok(e.data); };
      worker.postMessage(document.querySelector('#bench-read').files[0]);
    })));
    await context.close();
  }
  large = await importLarge();
} finally {
  await browser.close();
  await server.close();
  await rm(link, { force: true });
}
/** Sum of the resident memory of Chromium's processes, in bytes (shared pages count more than
 *  once, so this overstates; it is the figure a task manager shows). */
function chromiumRss() {
  try {
    return execFileSync('ps', ['-C', 'chromium', '-o', 'rss='], { encoding: 'utf8' })
      .split('\n').map(Number).filter((n) => n > 0).reduce((a, b) => a + b, 0) * 1024;
  } catch { return 0; }
}

/** The 480 MB file (Online Retail ten times), once: time, and peak memory while it imports. */
async function importLarge() {
  const big = path.join(ROOT, 'target/online_retail_x10.csv');
  const size = await stat(big).then((s) => s.size).catch(() => 0);
  if (!size) return null;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.origin}/#/data`);
  await page.waitForSelector('[data-testid=drop-zone][data-importer=ready]', { timeout: 60_000 });
  const before = chromiumRss();
  let peak = before;
  const timer = setInterval(() => { peak = Math.max(peak, chromiumRss()); }, 250);
  const t0 = Date.now();
  await page.setInputFiles('[data-testid=file-input]', big);
  await page.waitForSelector('[data-testid=import-status][data-state=done]', { timeout: 900_000, polling: 200 });
  const ms = Date.now() - t0;
  clearInterval(timer);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=import-card]')?.dataset.wasmMemory) > 0, null, { timeout: 10_000 }).catch(() => {});
  const wasm = Number(await page.getAttribute('[data-testid=import-card]', 'data-wasm-memory'));
  const rows = Number(await page.getAttribute('[data-testid=import-rows-read]', 'data-value'));
  await context.close();
  return { size, ms, wasm, rows, before, peak };
}

const [a, b, c] = [median(runs.app), median(runs.udsv), median(runs.papa)];
const show = (xs) => xs.map((x) => x.toFixed(0)).join(', ');
console.log(`browser import of ${path.basename(csv)}, median of 5 in headless Chromium:`);
console.log(`  (a) Shoplab import, file chosen → tables and overview ready: ${a.toFixed(0)} ms  (${show(runs.app)})`);
console.log(`  (b) uDSV 0.7.3 typed parse of the text:                      ${b.toFixed(0)} ms  (${show(runs.udsv)})`);
console.log(`  (c) Papa Parse 5.7.1, header + dynamicTyping:                ${c.toFixed(0)} ms  (${show(runs.papa)})`);
console.log(`  (d) reading the file alone in a worker, 4 MiB slices:         ${median(runs.read).toFixed(0)} ms  (${show(runs.read)})`);
console.log(`  a/b = ${(a / b).toFixed(2)}   a/c = ${(a / c).toFixed(2)}   d/b = ${(median(runs.read) / b).toFixed(2)}   (goal of issue #3: a/b at most 0.5)`);
if (phases.length) {
  const m = (key) => median(phases.map((p) => p[key])).toFixed(0);
  console.log(`  where (a) goes, medians: file chosen → worker starts ${m('toWorker')} ms; waiting for slices ${m('reading')} ms;`);
  console.log(`    parsing the slices ${m('parsing')} ms; end of file (dates, checks) ${m('finishing')} ms;`);
  console.log(`    workspace: tables and overview ${m('tables')} ms; answer to the page until "done" shown ${m('toPage')} ms`);
}
if (large) {
  const mb = (n) => (n / 1e6).toFixed(0);
  console.log(`\n480 MB import (online_retail_x10.csv, ${mb(large.size)} MB, ${large.rows} rows), one run:`);
  console.log(`  time ${(large.ms / 1000).toFixed(1)} s (${(large.size / 1e6 / (large.ms / 1000)).toFixed(0)} MB/s)`);
  console.log(`  import worker's WebAssembly memory at its peak: ${mb(large.wasm)} MB (${(large.wasm / large.size).toFixed(2)} × the file)`);
  console.log(`  Chromium's processes, sum of resident memory: ${mb(large.before)} MB before, ${mb(large.peak)} MB at the peak`);
}
