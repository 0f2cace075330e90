// End-to-end: the built app in headless Chromium, against the engine's native numbers.
// Run by tools/test.sh after `trunk build --release` and the reference example.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { serve, launch, screenshotDir, ROOT } from './harness.mjs';

const KPI_IDS = ['kpi-gmv', 'kpi-orders', 'kpi-buyers', 'kpi-aov', 'kpi-spend-per-buyer',
  'kpi-repurchase-rate', 'kpi-return-rate'];
const REFERENCE_FIELDS = { 'kpi-gmv': 'gmv', 'kpi-orders': 'orders', 'kpi-buyers': 'buyers',
  'kpi-aov': 'aov', 'kpi-spend-per-buyer': 'spend_per_buyer',
  'kpi-repurchase-rate': 'repurchase_rate', 'kpi-return-rate': 'return_rate' };

let server, browser, reference;

before(async () => {
  const refPath = process.env.SHOPLAB_REFERENCE ?? path.join(ROOT, 'target/reference_overview.json');
  reference = JSON.parse(await readFile(refPath, 'utf8'));
  server = await serve();
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

/** Opens the app in a fresh context and records console errors and every request's URL. */
async function open({ locale = 'en-US', init, route } = {}) {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const errors = [];
  const urls = [];
  const pageUrls = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  context.on('request', (r) => {
    urls.push(r.url());
    if (!r.serviceWorker()) pageUrls.push(r.url());
  });
  if (init) await context.addInitScript(init);
  if (route) await context.route(route.pattern, route.handler);
  await page.goto(`${server.origin}/#/overview`);
  await page.waitForSelector('[data-testid=kpi-gmv]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid=chart-monthly-gmv][data-drawn=true]', { timeout: 10_000 });
  return { context, page, errors, urls, pageUrls };
}

async function kpiValues(page) {
  const out = {};
  for (const id of KPI_IDS) {
    out[id] = await page.getAttribute(`[data-testid=${id}]`, 'data-value');
  }
  return out;
}

test('overview KPIs equal the engine computed natively', async () => {
  const { context, page, errors, urls, pageUrls } = await open();
  const values = await kpiValues(page);
  const current = reference.overview.current;
  for (const id of KPI_IDS) {
    assert.ok(values[id] !== null && values[id] !== '', `${id} has a data-value`);
    assert.equal(Number(values[id]), current[REFERENCE_FIELDS[id]], `${id}: browser ${values[id]} vs native ${current[REFERENCE_FIELDS[id]]}`);
  }
  assert.deepEqual(errors, [], 'no console errors');
  const foreign = urls.filter((u) => !u.startsWith(server.origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], 'no request to any other host');
  // The service worker precaches it in the background for offline use (offline.test.mjs).
  assert.ok(!pageUrls.some((u) => u.includes('importer')), 'the page fetches the import worker only when the data page opens');
  await context.close();
});

test('the chart canvas is drawn, not blank', async () => {
  const { context, page } = await open();
  const stats = await page.$eval('[data-testid=chart-monthly-gmv]', (canvas) => {
    const ctx = canvas.getContext('2d');
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0, blue = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      if (r < 240 || g < 240 || b < 240) ink++;
      if (b > 180 && r < 90 && g < 140) blue++;
    }
    return { ink, blue, width: canvas.width, cssWidth: canvas.getBoundingClientRect().width };
  });
  assert.ok(stats.ink > 5_000, `enough drawn pixels: ${stats.ink}`);
  assert.ok(stats.blue > 500, `the GMV line is drawn in blue: ${stats.blue}`);
  assert.equal(stats.width, Math.round(stats.cssWidth * 2), 'backing store scaled by devicePixelRatio');
  await context.close();
});

test('the chart is redrawn at the new size when the window is resized', async () => {
  const { context, page } = await open();
  const width = () => page.$eval('[data-testid=chart-monthly-gmv]', (c) => c.width);
  const before = await width();
  await page.setViewportSize({ width: 700, height: 1000 });
  await page.waitForFunction((w) => document.querySelector('[data-testid=chart-monthly-gmv]').width !== w, before);
  const after = await page.$eval('[data-testid=chart-monthly-gmv]', (c) => ({ w: c.width, css: c.getBoundingClientRect().width }));
  assert.ok(after.w < before, `narrower backing store: ${before} → ${after.w}`);
  assert.equal(after.w, Math.round(after.css * 2));
  await context.close();
});

test('switching the language changes labels and <html lang>, and is remembered', async () => {
  const { context, page, errors } = await open({ locale: 'en-US' });
  const shots = await screenshotDir();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const enLabel = await page.textContent('[data-testid=kpi-repurchase-rate] .kpi-label');
  assert.equal(enLabel.trim(), 'Repurchase rate');
  await page.screenshot({ path: path.join(shots, 'overview-en.png'), fullPage: true });

  await page.click('[data-testid=lang-toggle]');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  const zhLabel = await page.textContent('[data-testid=kpi-repurchase-rate] .kpi-label');
  assert.equal(zhLabel.trim(), '复购率');
  assert.match(await page.textContent('[data-testid=dataset-name]'), /示例店铺/);
  await page.waitForSelector('[data-testid=chart-monthly-gmv][data-drawn=true]');
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(shots, 'overview-zh.png'), fullPage: true });

  await page.reload();
  await page.waitForSelector('[data-testid=kpi-gmv]');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN', 'choice survives a reload');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the default language follows the browser', async () => {
  const { context, page } = await open({ locale: 'zh-CN' });
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await page.textContent('h1'), /电商运营实验室/);
  await context.close();
});

test('the app works when local storage throws (private mode)', async () => {
  const init = () => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
  };
  const { context, page, errors } = await open({ init });
  await page.click('[data-testid=lang-toggle]');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a worker that fails to start leaves a working page and a clear notice', async () => {
  const { context, page } = await open({
    route: { pattern: '**/worker_loader.js', handler: (r) => r.abort() },
  });
  const notice = await page.textContent('[data-testid=worker-notice]');
  assert.match(notice, /background worker did not start/);
  const values = await kpiValues(page);
  assert.equal(Number(values['kpi-gmv']), reference.overview.current.gmv);
  await context.close();
});

test('the error banner is readable and its reload keeps the language', async () => {
  const { context, page } = await open({ locale: 'zh-CN' });
  // ?panic=test makes the app panic on start (web::start_app): a real panic, through the hook.
  await page.goto(`${server.origin}/?panic=test#/overview`);
  await page.waitForSelector('[data-testid=error-banner]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid=error-banner]'), /出错了/);
  const href = await page.getAttribute('[data-testid=error-banner] a', 'href');
  assert.match(href, /lang=zh/);
  await context.close();
});
