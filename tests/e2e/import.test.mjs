// End-to-end: importing every kind of table on #/data — several files at once, the mapping
// editor and remembered mappings, removing a file, progress and cancel with a responsive page,
// and a 480 MB file (the Online Retail export ten times) that must not make the tab fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp, stat, cp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve, launch, screenshotDir, ROOT } from './harness.mjs';

let server, browser, dir, reference;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shoplab-import-'));
  reference = JSON.parse(await readFile(path.join(ROOT, 'target/reference_online_retail.json'), 'utf8'));
  server = await serve();
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

async function openData(locale = 'en-US', { origin = server.origin, serviceWorkers = 'allow' } = {}) {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 1000 }, serviceWorkers });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${origin}/#/data`);
  await page.waitForSelector('[data-testid=dataset-name]', { timeout: 30_000 });
  return { context, page, errors };
}

async function write(name, text) {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

const card = (name) => `[data-testid=import-card][data-file="${name}"]`;
const value = async (page, selector) => Number(await page.getAttribute(selector, 'data-value'));

test('several files at once: orders, traffic, a wide marketing sheet and inventory each fill their table', async () => {
  const files = [
    await write('orders.csv', 'Order ID,Order Date,Customer ID,SKU,Quantity,Unit Price\nA1,2024-03-01 10:00,c1,S1,2,5.00\nA2,2024-03-02 11:00,c2,S2,1,12.50\nA3,2024-03-31 12:00,c1,S1,3,5.00\n'),
    await write('traffic.csv', '日期,访客数,加购人数,下单买家数,支付买家数,支付金额\n2024-03-01,1000,80,30,25,3000\n2024-03-02,1200,90,33,27,3300\n'),
    await write('mmm.csv', 'DATE,revenue,tv_S,search_S,facebook_S\n2024-03-04,10000,500,200,\n2024-03-11,11000,0,250,90\n'),
    await write('stock.csv', 'SKU,On hand,Unit cost,Lead time\nS1,40,2.5,14\nS2,5,6,30\n'),
  ];
  const { context, page, errors } = await openData();
  await page.setInputFiles('[data-testid=file-input]', files);
  for (const name of ['orders.csv', 'traffic.csv', 'mmm.csv', 'stock.csv']) {
    await page.waitForSelector(`${card(name)} [data-testid=import-rows-used]`, { timeout: 60_000 });
  }
  assert.equal(await page.getAttribute(`${card('orders.csv')} [data-testid=import-kind]`, 'data-value'), 'orders');
  assert.equal(await page.getAttribute(`${card('traffic.csv')} [data-testid=import-kind]`, 'data-value'), 'traffic');
  assert.equal(await page.getAttribute(`${card('mmm.csv')} [data-testid=import-kind]`, 'data-value'), 'marketing');
  assert.equal(await page.getAttribute(`${card('stock.csv')} [data-testid=import-kind]`, 'data-value'), 'inventory');
  // The wide sheet: 2 weeks × 3 channels, minus facebook's blank first week.
  assert.equal(await value(page, `${card('mmm.csv')} [data-testid=import-table-rows]`), 5);
  assert.equal(await value(page, '[data-testid=table-orders]'), 3);
  assert.equal(await value(page, '[data-testid=table-traffic]'), 2);
  assert.equal(await value(page, '[data-testid=table-marketing]'), 5);
  assert.equal(await value(page, '[data-testid=table-inventory]'), 2);
  assert.match(await page.textContent('[data-testid=table-traffic]'), /traffic\.csv/);
  // Every table comes from a file now: the header names the files, not the demo store.
  await page.waitForFunction(() => !/Demo store/.test(document.querySelector('[data-testid=dataset-name]').textContent));
  assert.match(await page.textContent('[data-testid=dataset-name]'), /orders\.csv/);
  await page.screenshot({ path: path.join(await screenshotDir(), 'data-four-tables-en.png'), fullPage: true });

  // Removing the orders file brings the demo store's orders back; the others stay.
  await page.click(`${card('orders.csv')} [data-testid=import-remove]`);
  await page.waitForFunction(() => /demo store/.test(document.querySelector('[data-testid=table-orders]')?.textContent ?? ''));
  assert.ok(await value(page, '[data-testid=table-orders]') > 10_000, 'the demo orders are back');
  assert.match(await page.textContent('[data-testid=dataset-name]'), /Demo store/);
  assert.equal(await value(page, '[data-testid=table-traffic]'), 2);
  assert.equal(await page.$(card('orders.csv')), null);
  assert.deepEqual(errors, []);
  await context.close();
});

test('unrecognised columns: the mapping editor maps them, re-reads at once, and is remembered', async () => {
  const text = 'a,b,c,d\nX1,2024-03-01,2,5\nX2,2024-03-02,1,7.5\nX3,2024-03-03,4,1\n';
  const first = await write('mystery.csv', text);
  const { context, page, errors } = await openData('zh-CN');
  await page.setInputFiles('[data-testid=file-input]', first);
  await page.waitForSelector('[data-testid=import-status][data-state=error]', { timeout: 30_000 });
  await page.waitForSelector(`${card('mystery.csv')} [data-testid=mapping-editor]`);
  assert.match(await page.textContent(`${card('mystery.csv')} [data-testid=import-error]`), /mystery\.csv/);
  // Nothing to remember yet: the button waits for the required fields.
  assert.equal(await page.isDisabled(`${card('mystery.csv')} [data-testid=mapping-remember]`), true);
  // Each column in the drop-downs shows what it holds, before it is chosen.
  const options = await page.$$eval(`${card('mystery.csv')} [data-testid=mapping-select][data-field=PlacedAt] option`, (os) => os.map((o) => o.textContent));
  assert.ok(options.some((o) => /^b — 2024-03-01 · 2024-03-02$/.test(o)), options.join(' | '));
  const pick = async (field, column) => {
    await page.selectOption(`${card('mystery.csv')} [data-testid=mapping-select][data-field=${field}]`, String(column));
  };
  await pick('OrderId', 0);
  await pick('PlacedAt', 1);
  await pick('Quantity', 2);
  // The sample values of the chosen column are shown next to it.
  assert.match(await page.textContent(`${card('mystery.csv')} [data-testid=mapping-editor]`), /2 · 1 · 4/);
  await pick('UnitPrice', 3);
  await page.waitForSelector('[data-testid=import-status][data-state=done]', { timeout: 30_000 });
  assert.equal(await value(page, `${card('mystery.csv')} [data-testid=import-rows-used]`), 3);
  await page.screenshot({ path: path.join(await screenshotDir(), 'data-mapping-zh.png'), fullPage: true });
  // The editor the user worked in is still open after the file was read again.
  assert.equal(await page.$eval(`${card('mystery.csv')} [data-testid=import-mapping]`, (d) => d.open), true);
  await page.click(`${card('mystery.csv')} [data-testid=mapping-remember]`);
  await page.waitForSelector(`${card('mystery.csv')} [data-testid=mapping-remembered]`);

  // A later export with the same columns is read with the remembered mapping, even after a reload.
  await page.reload();
  await page.waitForSelector('[data-testid=dataset-name]', { timeout: 30_000 });
  const second = await write('mystery-april.csv', text.replace(/2024-03/g, '2024-04'));
  await page.setInputFiles('[data-testid=file-input]', second);
  await page.waitForSelector('[data-testid=import-status][data-state=done]', { timeout: 30_000 });
  assert.equal(await value(page, `${card('mystery-april.csv')} [data-testid=import-rows-used]`), 3);
  assert.match(await page.textContent(card('mystery-april.csv')), /已沿用此前为相同列确认的映射/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a large import shows progress, keeps the page responsive, and can be cancelled', async () => {
  const big = path.join(ROOT, 'target/online_retail_x10.csv');
  const { context, page, errors } = await openData();
  await page.setInputFiles('[data-testid=file-input]', big);
  await page.waitForSelector('[data-testid=import-status][data-state=reading]', { timeout: 30_000 });
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=import-progress]')?.getAttribute('value') ?? 0) > 0, null, { timeout: 60_000 });
  // The page answers while the worker reads: the language switches mid-import.
  await page.click('[data-testid=lang-toggle]');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.getAttribute('[data-testid=import-status]', 'data-state'), 'reading');
  assert.match(await page.textContent('.progress'), /已读取/);
  await page.screenshot({ path: path.join(await screenshotDir(), 'data-progress-zh.png'), fullPage: true });
  await page.click('[data-testid=import-cancel]');
  await page.waitForSelector('[data-testid=import-status][data-state=idle]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid=import-status]'), /已取消/);
  // Nothing of the file was kept: the demo store is still in use.
  assert.match(await page.textContent('[data-testid=table-orders]'), /示例店铺/);
  assert.deepEqual(errors, []);
  await context.close();
});

/** How many slices the import worker reads a file of `size` bytes in: 1 MiB first (parsing
 *  starts sooner), then 4 MiB each (src/web/worker.rs, FIRST_SLICE_BYTES and SLICE_BYTES). */
const slices = (size) => (size <= 1 << 20 ? 1 : 1 + Math.ceil((size - (1 << 20)) / (4 << 20)));

test('without its file reader (reader.js missing), the import worker reads the file itself', async () => {
  // A copy of the release without reader.js, served on its own (a route cannot stop a worker
  // started by a worker from fetching its script).
  const site = await mkdtemp(path.join(tmpdir(), 'shoplab-no-reader-'));
  await cp(path.join(ROOT, 'dist'), site, { recursive: true });
  await rm(path.join(site, 'reader.js'));
  const bare = await serve(site);
  const { context, page, errors } = await openData('en-US', { origin: bare.origin, serviceWorkers: 'block' });
  await page.waitForSelector('[data-testid=drop-zone][data-importer=ready]', { timeout: 60_000 });
  await page.setInputFiles('[data-testid=file-input]', path.join(ROOT, 'target/online_retail.csv'));
  await page.waitForSelector('[data-testid=import-status][data-state=done]', { timeout: 180_000 });
  assert.equal(await value(page, '[data-testid=import-rows-read]'), 541_909);
  assert.equal(await value(page, '[data-testid=import-rows-used]'), reference.order_lines);
  // Every slice was read by the import worker itself (it marks each such read).
  const size = (await stat(path.join(ROOT, 'target/online_retail.csv'))).size;
  let readHere = 0;
  for (const worker of page.workers()) {
    readHere += await worker.evaluate(() => performance.getEntriesByName('import:read-here').length).catch(() => 0);
  }
  assert.equal(readHere, slices(size));
  // The only error is the browser's note of the missing script.
  assert.deepEqual(errors.filter((e) => !/404|Not Found/i.test(e)), []);
  await context.close();
  await bare.close();
  await rm(site, { recursive: true, force: true });
});

test('a 480 MB export imports without the tab failing, with every row accounted for', async () => {
  const big = path.join(ROOT, 'target/online_retail_x10.csv');
  const size = (await stat(big)).size;
  const { context, page, errors } = await openData();
  await page.setInputFiles('[data-testid=file-input]', big);
  await page.waitForSelector('[data-testid=import-status][data-state=done]', { timeout: 600_000 });
  // Ten copies of the file under one name: nine repeated header rows are counted, not dropped.
  assert.equal(await value(page, '[data-testid=import-rows-read]'), 10 * 541_909 + 9);
  assert.equal(await value(page, '[data-testid=import-rows-used]'), 10 * reference.order_lines);
  assert.equal(await value(page, '[data-testid=import-rows-skipped]'), 9);
  const memory = Number(await page.getAttribute('[data-testid=import-card]', 'data-wasm-memory'));
  console.log(`480 MB import: ${(size / 1e6).toFixed(0)} MB file, import worker memory ${(memory / 1e6).toFixed(0)} MB`);
  assert.ok(memory > 0 && memory < size, 'the worker holds the table, not the file');
  // The file was read in slices on the reader's own thread (static/reader.js), so that
  // reading went on while the import worker parsed.
  const reader = page.workers().find((w) => w.url().endsWith('/reader.js'));
  assert.ok(reader, 'the import worker started its file reader');
  assert.equal(await reader.evaluate(() => self.slicesRead), slices(size));
  for (const worker of page.workers()) {
    const here = await worker.evaluate(() => performance.getEntriesByName('import:read-here').length).catch(() => 0);
    assert.equal(here, 0, 'no slice read without the reader');
  }
  // The overview's GMV is ten times the single file's.
  await page.click('a[href="#/overview"]');
  await page.waitForSelector('[data-testid=kpi-gmv]');
  const gmv = Number(await page.getAttribute('[data-testid=kpi-gmv]', 'data-value'));
  assert.ok(Math.abs(gmv - 10 * reference.overview.current.gmv) < 1e-6 * gmv, `${gmv}`);
  assert.deepEqual(errors, []);
  await context.close();
});
