// Shoplab benchmark: prints figures and ratios against references measured in the same run.
// Not a test: nothing here fails on a slow machine. Run with `bash tools/bench.sh`.
//  1. Size of every .wasm and .js in dist/, raw and gzipped, and whether the page fetches it
//     at start or on demand (from the server's request log); the first load against the
//     600 KB-gzipped budget of issue #2.
//  2. Navigation → overview drawn (KPIs present and chart painted), median of 5 runs in headless
//     Chromium, against a reference page served by the same server in the same browser: plain
//     JavaScript that draws a 12-point line chart on a canvas (the least a page can do).
import { readdir, readFile, writeFile, rm } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { serve, launch, ROOT } from '../tests/e2e/harness.mjs';

const dist = path.join(ROOT, 'dist');
const kb = (n) => (n / 1024).toFixed(1).padStart(8);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const files = (await readdir(dist)).filter((f) => /\.(wasm|js|css|html|svg)$/.test(f)).sort();
const sizes = {};
for (const f of files) {
  const body = await readFile(path.join(dist, f));
  sizes[f] = { raw: body.length, gz: gzipSync(body, { level: 9 }).length };
}

const reference = `<!doctype html><html><body><canvas id=c width=1200 height=360 style="width:100%;height:360px"></canvas>
<script>const c=document.getElementById('c').getContext('2d');const v=[4,4.2,3.7,3.9,3.6,3.6,4.1,3.7,4.2,4.2,4.3,6.9];
c.fillStyle='#fff';c.fillRect(0,0,1200,360);c.strokeStyle='#2563eb';c.lineWidth=3;c.beginPath();
v.forEach((y,i)=>{const X=60+i*95,Y=340-y*45;i?c.lineTo(X,Y):c.moveTo(X,Y);c.fillText(String(y),X,350)});c.stroke();
document.body.dataset.drawn='true';</script></body></html>`;
const refFile = path.join(dist, '__bench_reference.html');
await writeFile(refFile, reference);

const server = await serve();
const browser = await launch();
async function timeLoad(url, selector) {
  // No service worker: its background precaching (every file, the import worker's included)
  // would count in the server's log as the page's first load.
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction((s) => document.querySelector(s) !== null, selector, { polling: 'raf', timeout: 60_000 });
  const ms = await page.evaluate(() => performance.now());
  await context.close();
  return ms;
}
const app = [], ref = [];
let firstLoad = new Set();
try {
  for (let i = 0; i < 5; i++) {
    ref.push(await timeLoad(`${server.origin}/__bench_reference.html`, 'body[data-drawn=true]'));
    server.requests.length = 0;
    app.push(await timeLoad(`${server.origin}/#/overview`, '[data-testid=chart-monthly-gmv][data-drawn=true]'));
    firstLoad = new Set(server.requests.map((p) => (p === '/' ? 'index.html' : p.slice(1))));
  }
} finally {
  await browser.close();
  await server.close();
  await rm(refFile, { force: true });
}
console.log('file                                      raw KB   gzip KB   loaded');
let raw = 0, gz = 0;
for (const f of files) {
  const loaded = firstLoad.has(f);
  if (loaded) { raw += sizes[f].raw; gz += sizes[f].gz; }
  if (/\.(wasm|js)$/.test(f)) console.log(`${f.padEnd(40)}${kb(sizes[f].raw)}${kb(sizes[f].gz)}   ${loaded ? 'at start' : 'on demand'}`);
}
console.log(`${'first load (every file fetched to draw the overview)'.padEnd(40)}${kb(raw)}${kb(gz)}`);
console.log(`budget 600 KB gzipped: first load is ${(gz / 1024 / 600 * 100).toFixed(0)}% of it (ratio ${(gz / 1024 / 600).toFixed(2)})`);
const a = median(app), r = median(ref);
console.log(`\nnavigation → overview drawn, median of 5:  ${a.toFixed(0)} ms   (runs: ${app.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`reference: plain-JS canvas page, median of 5: ${r.toFixed(0)} ms   (runs: ${ref.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`ratio app / reference: ${(a / r).toFixed(1)}x`);
