// End-to-end: zero network, offline, sub-path and new releases (issue 9, points 4 and 5).
// - A whole session (every page, an import, CSV and PNG downloads) sends no request anywhere but
//   the local server, counting the workers' and the service worker's, and meets no CSP
//   violation; the policy itself refuses an injected inline script and a foreign request.
// - After the first visit the app loads and imports with the network off.
// - From a sub-path of a static host: the worker's scope, its cache and every request stay
//   under it, and the manifest is valid there.
// - Two more releases, made from dist/ with tools/release.sh: a page keeps its own release's
//   files while a new one waits; after the update (accepted in the page's notice, or once every
//   page of the old release is closed) every file comes from the new release, and the old
//   cache is gone.
// - Without a service worker (insecure origin, or refused) the app works and reports nothing.
// - A browser without WebAssembly SIMD (which the app is built with) is told so in both
//   languages instead of an empty page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve, launch, ROOT } from './harness.mjs';

const DIST = path.join(ROOT, 'dist');
const FIXTURE = path.join(ROOT, 'tests/fixtures/orders.xls');
const PAGES = [
  ['#/report', '[data-testid=report]'],
  ['#/budget', '[data-testid=budget-total]'],
  ['#/pricing', '[data-testid=pricing-elasticity]'],
  ['#/inventory', '[data-testid=inv-eoq]'],
  ['#/funnel', '[data-testid=funnel-overall-rate]'],
  ['#/data', '[data-testid=drop-zone][data-importer=ready]'],
  ['#/overview', '[data-testid=kpi-gmv][data-value]'],
];

let browser;
const temporary = [];
before(async () => { browser = await launch(); });
after(async () => {
  await browser?.close();
  for (const dir of temporary) await rm(dir, { recursive: true, force: true });
});

async function tempDir(name) {
  const dir = await mkdtemp(path.join(tmpdir(), `shoplab-${name}-`));
  temporary.push(dir);
  return dir;
}

/** The release tools/release.sh wrote into `dir`/sw.js: { version, files: [[file, sha256]] }. */
async function releaseOf(dir) {
  const sw = await readFile(path.join(dir, 'sw.js'), 'utf8');
  const line = sw.match(/^const RELEASE = (.*);$/m);
  assert.ok(line, `${dir}/sw.js carries a release`);
  return JSON.parse(line[1]);
}

/** Records, for a whole context, every request (pages, workers, service worker) and its origin,
 *  failed requests, console errors, uncaught errors and CSP violations. */
async function watch(context) {
  const seen = { requests: [], byServiceWorker: [], failed: [], errors: [], violations: [] };
  context.on('request', (r) => {
    seen.requests.push(r.url());
    if (r.serviceWorker()) seen.byServiceWorker.push(r.url());
  });
  context.on('requestfailed', (r) => seen.failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  context.on('console', (m) => { if (m.type() === 'error') seen.errors.push(m.text()); });
  context.on('weberror', (e) => seen.errors.push(String(e.error())));
  await context.exposeBinding('__shoplabViolation', (_source, text) => seen.violations.push(text));
  await context.addInitScript(() => {
    window.addEventListener('securitypolicyviolation', (e) => {
      window.__shoplabViolation(`${e.effectiveDirective} ${e.blockedURI}`);
    }, true);
  });
  seen.outside = (base) => seen.requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:'));
  return seen;
}

async function newPage(seenBy) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const seen = seenBy ? await watch(context) : null;
  return { context, seen, page: await context.newPage() };
}

/** Waits until the service worker is active, then reloads so that the page is controlled. */
async function controlled(page, scope) {
  assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope), scope);
  await page.reload();
  await page.waitForSelector('[data-testid=kpi-gmv][data-value]', { timeout: 30_000 });
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the page is controlled');
}

const cacheNames = (page) => page.evaluate(() => caches.keys());

async function kpisShown(page) {
  await page.waitForSelector('[data-testid=kpi-gmv][data-value]', { timeout: 30_000 });
  const values = await page.$$eval('[data-testid^="kpi-"][data-value]', (cards) => cards.map((c) => Number(c.dataset.value)));
  assert.ok(values.length >= 7, `the overview's KPI cards: ${values.length}`);
  assert.ok(values.every(Number.isFinite), `every KPI has a number: ${values}`);
}

async function importFixture(page) {
  await page.click('a[href="#/data"]');
  await page.waitForSelector('[data-testid=drop-zone][data-importer=ready]', { timeout: 60_000 });
  await page.setInputFiles('[data-testid=file-input]', FIXTURE);
  await page.waitForSelector('[data-testid=import-status][data-state=done]', { timeout: 60_000 });
  assert.equal(await page.getAttribute('[data-testid=import-rows-used]', 'data-value'), '3');
}

test('a whole session sends nothing beyond the local server and meets no CSP violation', async () => {
  const server = await serve();
  const { context, seen, page } = await newPage(true);
  try {
    await page.goto(`${server.url}#/overview`);
    await kpisShown(page);
    const policy = await page.getAttribute('meta[http-equiv=Content-Security-Policy]', 'content');
    const scripts = policy.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src '));
    assert.match(scripts, /^script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/]{43}='$/, 'trunk\'s one inline script, by its hash');
    for (const directive of ["default-src 'self'", "connect-src 'self'", "img-src 'self' data: blob:",
      "worker-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'none'"]) {
      assert.ok(policy.split('; ').includes(directive), `${directive} in ${policy}`);
    }
    // The review's downloads, made in the page (a blob: CSV, a data: PNG).
    await page.click('a[href="#/report"]');
    await page.waitForSelector('[data-testid=report]', { timeout: 60_000 });
    const [csv] = await Promise.all([page.waitForEvent('download'),
      page.click('[data-testid=report-top-products] [data-testid=download-csv]')]);
    assert.match((await readFile(await csv.path(), 'utf8')).replace(/^\uFEFF/, ''), /^Rank,Product,Revenue/);
    const [png] = await Promise.all([page.waitForEvent('download'),
      page.click('[data-testid=report-trend] [data-testid=download-png]')]);
    assert.deepEqual([...(await readFile(await png.path())).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG');
    for (const [route, ready] of PAGES) {
      await page.click(`a[href="${route}"]`);
      await page.waitForSelector(ready, { timeout: 120_000 });
    }
    await page.click('a[href="#/budget"]');
    await page.waitForSelector('[data-testid=budget-total]', { timeout: 60_000 });
    const [plan] = await Promise.all([page.waitForEvent('download'),
      page.click('[data-testid=budget-plan] [data-testid=download-csv]')]);
    assert.ok((await readFile(await plan.path(), 'utf8')).length > 0, 'the budget plan downloads');
    await importFixture(page);
    await page.click('a[href="#/overview"]');
    await page.waitForFunction(() => document.querySelector('[data-testid=dataset-name]')?.textContent.includes('orders.xls'));
    await page.click('a[href="#/report"]');
    await page.waitForSelector('[data-testid=report]', { timeout: 60_000 });
    await page.evaluate(() => navigator.serviceWorker.ready);

    // What was watched: the page's, the workers' and the service worker's own requests.
    const byWorkers = seen.requests.filter((u) => u.endsWith('/importer_bg.wasm')).length;
    assert.ok(byWorkers > seen.byServiceWorker.filter((u) => u.endsWith('/importer_bg.wasm')).length,
      'the import worker\'s own fetch of its wasm is seen');
    assert.ok(seen.byServiceWorker.some((u) => u.endsWith('/index.html')), 'the service worker\'s precaching is seen');
    assert.deepEqual(seen.outside(`${server.origin}/`), [], 'no request to any other origin');
    assert.deepEqual(seen.violations, [], 'no CSP violation');
    assert.deepEqual(seen.errors, [], 'no console error');
    assert.deepEqual(seen.failed, [], 'no failed request');
  } finally {
    await context.close();
    await server.close();
  }
});

test('the policy is enforced: an injected inline script does not run, a foreign request is refused', async () => {
  const server = await serve();
  const { context, seen, page } = await newPage(true);
  try {
    await page.goto(`${server.url}#/overview`);
    await kpisShown(page);
    const outcome = await page.evaluate(async () => {
      const violations = [];
      const both = new Promise((ok) => window.addEventListener('securitypolicyviolation', (e) => {
        violations.push(`${e.effectiveDirective} ${e.blockedURI}`);
        if (violations.length === 2) ok();
      }));
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true;';
      document.head.append(script);
      const fetched = await fetch('http://example.com/collect').then(() => 'sent', () => 'refused');
      await both;
      return { ran: window.__injected === true, fetched, violations: violations.sort() };
    });
    assert.deepEqual(outcome, { ran: false, fetched: 'refused',
      violations: ['connect-src http://example.com/collect', 'script-src-elem inline'] });
    assert.deepEqual(seen.requests.filter((u) => u.includes('example.com')), [], 'the request was never sent');
  } finally {
    await context.close();
    await server.close();
  }
});

test('after the first visit the app loads, and imports a file, with the network off', async () => {
  const server = await serve();
  const { context, seen, page } = await newPage(true);
  try {
    await page.goto(`${server.url}#/overview`);
    await kpisShown(page);
    await controlled(page, server.url);
    await context.setOffline(true);
    const sent = server.requests.length;
    await page.reload();
    await kpisShown(page);
    // The data page's import worker, fetched only when that page opens, is there too.
    await importFixture(page);
    // The page with a query (the error banner's reload link) is the app's page as well.
    await page.goto(`${server.url}?lang=zh#/overview`);
    await kpisShown(page);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    // Except the browser's own check for a new sw.js at each navigation, which Chromium makes
    // outside the page and Playwright's offline emulation does not always catch (offline for
    // real, it fails quietly and the cached release goes on).
    const updateCheck = (u) => u.endsWith('/sw.js') || u.includes('/sw.js:');
    assert.deepEqual(server.requests.slice(sent).filter((u) => !updateCheck(u)), [], 'nothing reached the server');
    assert.deepEqual(seen.failed.filter((u) => !updateCheck(u)), [], 'no request failed for want of a network');
    assert.deepEqual(seen.errors, []);
    assert.deepEqual(seen.violations, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test('from a sub-path of a static host: scope, cache, requests and manifest stay under it', async () => {
  const prefix = '/static/demo/shoplab/';
  const server = await serve(DIST, { prefix });
  const { context, seen, page } = await newPage(true);
  try {
    await page.goto(`${server.url}#/overview`);
    await kpisShown(page);
    await controlled(page, server.url);
    const names = await cacheNames(page);
    assert.deepEqual(names, [`shoplab ${prefix} ${(await releaseOf(DIST)).version}`]);
    await context.setOffline(true);
    await page.reload();
    await kpisShown(page);
    await context.setOffline(false);
    assert.deepEqual(seen.outside(server.url), [], 'every request under the sub-path');
    assert.ok(!server.requests.some((p) => !p.startsWith(prefix)), `the server saw only the sub-path: ${server.requests}`);

    const cdp = await context.newCDPSession(page);
    const { url, errors, data, manifest } = await cdp.send('Page.getAppManifest');
    assert.equal(url, `${server.url}manifest.webmanifest`);
    assert.deepEqual(errors, [], 'the manifest parses without errors');
    assert.equal(manifest.name, 'Shoplab');
    assert.equal(JSON.parse(data).short_name, 'Shoplab');
    assert.equal(manifest.startUrl, server.url);
    assert.equal(manifest.scope, server.url);
    assert.equal(manifest.display, 'kStandalone');
    assert.ok(manifest.themeColor && manifest.backgroundColor, 'theme and background colours');
    assert.deepEqual(manifest.icons.map((i) => [i.url.slice(server.url.length), i.sizes, i.type]), [
      ['icon-192.png', '192x192', 'image/png'], ['icon-512.png', '512x512', 'image/png'],
      ['favicon.svg', '0x0', 'image/svg+xml']]);
    for (const size of [192, 512]) {
      const png = await readFile(path.join(DIST, `icon-${size}.png`));
      assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [size, size], `icon-${size}.png is ${size} px`);
    }
    // Playwright's contexts are incognito, which Chrome never installs from; nothing else stops it.
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito'), []);
    assert.deepEqual(seen.errors, []);
    assert.deepEqual(seen.violations, []);
  } finally {
    await context.close();
    await server.close();
  }
});

/** A copy of dist/ as release `n`: a marker in index.html, a new style sheet (new name, new
 *  content, its integrity recomputed), the workers' scripts changed (both loaders and the file
 *  reader the import worker starts); stamped by tools/release.sh. */
async function makeRelease(n) {
  const dir = await tempDir(`release${n}`);
  await cp(DIST, dir, { recursive: true });
  let html = await readFile(path.join(dir, 'index.html'), 'utf8');
  html = html.replace('<title>', `<meta name="shoplab-test-release" content="${n}" />\n  <title>`);
  const css = (await readdir(dir)).find((f) => /^style-.*\.css$/.test(f));
  const renamed = css.replace('.css', `-r${n}.css`);
  const body = `${await readFile(path.join(dir, css), 'utf8')}\n:root { --test-release: ${n}; }\n`;
  await rm(path.join(dir, css));
  await writeFile(path.join(dir, renamed), body);
  const integrity = `sha384-${createHash('sha384').update(body).digest('base64')}`;
  html = html.replace(new RegExp(`href="\\./${css}" integrity="[^"]*"`), `href="./${renamed}" integrity="${integrity}"`);
  assert.ok(html.includes(renamed), 'the style sheet link follows the new name');
  await writeFile(path.join(dir, 'index.html'), html);
  for (const loader of ['worker_loader.js', 'importer_loader.js', 'reader.js']) {
    const file = path.join(dir, loader);
    await writeFile(file, `self.SHOPLAB_TEST_RELEASE = ${n};\n${await readFile(file, 'utf8')}`);
  }
  await promisify(execFile)('bash', [path.join(ROOT, 'tools/release.sh'), dir]);
  return { dir, release: await releaseOf(dir), stylesheet: renamed };
}

/** Puts release `dir` on the site, as an upload replacing the files would. */
async function deploy(site, dir) {
  for (const f of await readdir(site)) await rm(path.join(site, f), { recursive: true });
  await cp(dir, site, { recursive: true });
}

/** What the page runs: its release marker, style sheet and the release its workers loaded. */
async function running(page) {
  const loaders = {};
  for (const worker of page.workers()) {
    const name = new URL(worker.url()).pathname.split('/').pop();
    loaders[name] = await worker.evaluate(() => self.SHOPLAB_TEST_RELEASE ?? null);
  }
  return page.evaluate((l) => ({
    marker: document.querySelector('meta[name=shoplab-test-release]')?.content ?? null,
    stylesheet: new URL(document.querySelector('link[rel=stylesheet]').href).pathname.split('/').pop(),
    cssRelease: getComputedStyle(document.documentElement).getPropertyValue('--test-release').trim() || null,
    loaders: l,
  }), loaders);
}

async function openImporter(page) {
  await page.click('a[href="#/data"]');
  await page.waitForSelector('[data-testid=drop-zone][data-importer=ready]', { timeout: 60_000 });
}

test('a new release replaces the cached one whole: no page mixes two releases, old caches go', async () => {
  const site = await tempDir('site');
  const [second, third] = [await makeRelease(2), await makeRelease(3)];
  const first = { dir: DIST, release: await releaseOf(DIST) };
  assert.notEqual(first.release.version, second.release.version);
  await deploy(site, first.dir);
  const server = await serve(site);
  const cacheOf = (r) => `shoplab / ${r.release.version}`;
  const { context, seen, page } = await newPage(true);
  try {
    await page.goto(`${server.url}#/overview`);
    await kpisShown(page);
    await controlled(page, server.url);
    assert.deepEqual(await cacheNames(page), [cacheOf(first)]);

    // Release 2 goes up. The reload is answered by release 1, and finds release 2, which waits.
    await deploy(site, second.dir);
    await page.reload();
    await page.waitForSelector('[data-testid=update-notice]', { timeout: 30_000 });
    assert.match(await page.textContent('[data-testid=update-notice]'), /new version/);
    assert.deepEqual((await cacheNames(page)).sort(), [cacheOf(first), cacheOf(second)].sort());
    await openImporter(page);
    const old = await running(page);
    assert.equal(old.marker, null, 'still release 1\'s page');
    assert.equal(old.cssRelease, null);
    assert.ok('importer_loader.js' in old.loaders, 'the import worker runs');
    assert.ok(Object.values(old.loaders).every((n) => n === null), `release 1's workers while release 2 waits: ${JSON.stringify(old.loaders)}`);

    // The user accepts: release 2 takes over, the page reloads, and everything is release 2's.
    const responses = [];
    context.on('response', (r) => responses.push(r));
    await Promise.all([page.waitForEvent('load'), page.click('[data-testid=update-reload]')]);
    assert.equal(new URL(page.url()).hash, '#/data', 'the reload keeps the page the user was on');
    await page.waitForSelector('[data-testid=drop-zone][data-importer=ready]', { timeout: 60_000 });
    await page.click('a[href="#/overview"]');
    await kpisShown(page);
    await openImporter(page);
    const now = await running(page);
    assert.deepEqual({ ...now, loaders: null }, { marker: '2', stylesheet: second.stylesheet, cssRelease: '2', loaders: null });
    assert.equal(now.loaders['importer_loader.js'], 2, 'release 2\'s import worker');
    assert.ok(Object.values(now.loaders).every((n) => n === 2), `every worker of release 2: ${JSON.stringify(now.loaders)}`);
    const files = new Set(second.release.files.map(([f]) => `${server.url}${f}`));
    files.add(server.url);
    const used = responses.filter((r) => !r.request().serviceWorker() && !r.url().endsWith('/sw.js'));
    assert.ok(used.length >= 8, `the page and its workers fetched their files: ${used.length}`);
    for (const r of used) {
      assert.ok(files.has(r.url().split('#')[0]), `${r.url()} is a file of release 2`);
      assert.ok(r.fromServiceWorker(), `${r.url()} came from the service worker's cache`);
    }
    assert.deepEqual(await cacheNames(page), [cacheOf(second)], 'release 1\'s cache is deleted');

    // Release 3 goes up; this time the user closes the page instead of accepting.
    await deploy(site, third.dir);
    await page.reload();
    await page.waitForSelector('[data-testid=update-notice]', { timeout: 30_000 });
    assert.equal((await running(page)).marker, '2');
    await page.close();
    const next = await context.newPage();
    await next.goto(`${server.url}#/overview`);
    await kpisShown(next);
    await openImporter(next);
    const last = await running(next);
    assert.equal(last.marker, '3');
    assert.equal(last.cssRelease, '3');
    assert.equal(last.loaders['importer_loader.js'], 3);
    assert.equal(await next.$('[data-testid=update-notice]'), null, 'nothing left to update');
    assert.deepEqual(await cacheNames(next), [cacheOf(third)]);
    assert.deepEqual(seen.outside(`${server.origin}/`), []);
    assert.deepEqual(seen.errors, []);
    assert.deepEqual(seen.violations, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test('without a service worker, missing or refused, the app works and reports nothing', async () => {
  const server = await serve();
  try {
    for (const [how, options, init] of [
      ['missing (http from another host)', {}, () => { delete Navigator.prototype.serviceWorker; }],
      ['refused by the browser', { serviceWorkers: 'block' }, null],
    ]) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, ...options });
      const seen = await watch(context);
      if (init) await context.addInitScript(init);
      const page = await context.newPage();
      await page.goto(`${server.url}#/overview`);
      await kpisShown(page);
      // Registration runs at the load event: wait for it, then use the app once more.
      await page.waitForFunction(() => document.readyState === 'complete');
      await importFixture(page);
      assert.equal(await page.evaluate(async () => Boolean(await navigator.serviceWorker?.getRegistration())), false, how);
      assert.equal(await page.$('[data-testid=error-banner]'), null, `${how}: no error banner`);
      assert.deepEqual(seen.errors, [], `${how}: no console error`);
      await context.close();
    }
  } finally {
    await server.close();
  }
});

test('a browser without WebAssembly SIMD is told why the app cannot run, in both languages; others see no such notice', async () => {
  const server = await serve();
  try {
    // A browser without SIMD: WebAssembly.validate refuses the check's SIMD module, and the
    // app's modules never start (there they fail to compile; here their files are refused).
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    await context.addInitScript(() => { WebAssembly.validate = () => false; });
    await context.route('**/*.wasm', (route) => route.abort());
    const page = await context.newPage();
    await page.goto(`${server.url}#/overview`);
    const notice = await page.waitForSelector('[data-testid=unsupported-browser]', { timeout: 10_000 });
    const text = await notice.innerText();
    assert.match(text, /WebAssembly SIMD/);
    assert.match(text, /Safari 16\.4\+/);
    assert.match(text, /请更新浏览器/);
    assert.ok(await notice.isVisible());
    await context.close();

    // This Chromium has SIMD: the app runs and no notice appears.
    const normal = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const ok = await normal.newPage();
    await ok.goto(`${server.url}#/overview`);
    await kpisShown(ok);
    assert.equal(await ok.$('[data-testid=unsupported-browser]'), null);
    await normal.close();
  } finally {
    await server.close();
  }
});
