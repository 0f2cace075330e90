// Shared by the end-to-end tests and the benchmark: a static server for dist/ on 127.0.0.1,
// and Debian's Chromium driven by playwright-core (never a downloaded browser).
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(ROOT, 'tools/package.json'));
const { chromium } = require('playwright-core');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

/** Serves `dir` on 127.0.0.1 at a free port, under the path `prefix` (such as
 *  '/static/demo/shoplab/', as on a static host's sub-path; '/' by default); anything outside
 *  it is 404. Resolves to { origin, url (origin + prefix), close, requests }: `requests` lists
 *  every path asked for. */
export async function serve(dir = path.join(ROOT, 'dist'), { prefix = '/' } = {}) {
  if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new Error(`prefix ${prefix}: must start and end with /`);
  const requests = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    requests.push(url.pathname);
    if (!url.pathname.startsWith(prefix)) { res.writeHead(404).end('not found'); return; }
    const inside = url.pathname.slice(prefix.length - 1);
    let file = path.join(dir, decodeURIComponent(inside));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    if (inside.endsWith('/')) file = path.join(file, 'index.html');
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, url: origin + prefix, requests, close: () => new Promise((ok) => server.close(ok)) };
}

/** Launches headless Chromium with the flags that keep it off the network (toolchain.md).
 *  playwright gives every launch a fresh, empty profile of its own. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Where screenshots go (named in README.md). */
export async function screenshotDir() {
  const dir = path.join(ROOT, 'tests/e2e/screenshots');
  await mkdir(dir, { recursive: true });
  return dir;
}

/// Scrolls the page from top to bottom a screen at a time, as a reader would, so that charts
/// drawn only near the screen (`ChartCanvas`'s `lazy`) are all drawn; then back to the top.
export async function scrollThrough(page) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const step = await page.evaluate(() => window.innerHeight);
  for (let y = 0; y <= height; y += step) {
    await page.evaluate((to) => window.scrollTo(0, to), y);
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

/// Waits until the workspace the app keeps in IndexedDB (`shoplab` › `workspace` › `current`)
/// has at least `minBytes` and, if given, names `containing` (a file name is in its bytes);
/// resolves to its size in bytes. Polled from here with `page.evaluate`, which awaits the
/// IndexedDB read: `page.waitForFunction` would take the read's Promise itself as the truthy
/// answer and return before anything is kept.
export async function waitForKept(page, { minBytes = 1, containing = null, timeout = 60_000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const kept = await page.evaluate(({ minBytes, containing }) => new Promise((resolve) => {
      const open = indexedDB.open('shoplab');
      open.onerror = () => resolve(false);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('workspace')) { db.close(); resolve(false); return; }
        const get = db.transaction('workspace').objectStore('workspace').get('current');
        get.onsuccess = () => {
          db.close();
          const bytes = get.result;
          const ok = !!bytes && bytes.length >= minBytes
            && (containing === null || new TextDecoder('latin1').decode(bytes).includes(containing));
          resolve(ok ? bytes.length : false);
        };
        get.onerror = () => { db.close(); resolve(false); };
      };
    }), { minBytes, containing });
    if (kept) return kept;
    if (Date.now() > deadline) {
      throw new Error(`the workspace was not kept in IndexedDB within ${timeout} ms (at least ${minBytes} bytes${containing ? `, naming ${containing}` : ''})`);
    }
    await new Promise((ok) => setTimeout(ok, 200));
  }
}

/**
 * Sets a control's value, fires its event and times the page's answer (benchmarks):
 * `work` until the element `watch` shows another `data-value` (polled with setTimeout(0), which
 * runs as soon as the page's own task is over), `painted` until the frame after it. In ms.
 */
export async function timeChange(page, { control, value, event, watch }) {
  return page.evaluate(({ control, value, event, watch }) => new Promise((ok) => {
    const input = document.querySelector(`[data-testid=${control}]`);
    const shown = () => document.querySelector(`[data-testid=${watch}]`).dataset.value;
    const before = shown();
    const t0 = performance.now();
    input.value = String(value);
    input.dispatchEvent(new Event(event, { bubbles: true }));
    const check = () => {
      if (shown() !== before) {
        const work = performance.now() - t0;
        requestAnimationFrame(() => setTimeout(() => ok({ work, painted: performance.now() - t0 }), 0));
      } else {
        setTimeout(check, 0);
      }
    };
    setTimeout(check, 0);
  }), { control, value, event, watch });
}
