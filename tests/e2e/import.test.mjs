// End-to-end: importing every kind of table on #/data — several files at once, the mapping
// editor and remembered mappings, removing a file, progress and cancel with a responsive page,
// and a 480 MB file (the Online Retail export ten times) that must not make the tab fail.
// Also: the mapping editor's sample values (each column's first five non-empty values), files
// dropped on the drop zone, "Load demo store" after an import, a page that scrolls while a
// large file is read, and aggregated orders (day × SKU) whose customer-level figures say they
// need order lines, in both languages.
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

test('the mapping editor shows a chosen column\'s first five non-empty values', async () => {
  // Eight rows; the quantity column is blank in the second row and whitespace in the fourth.
  const rows = [
    ['X1', '2024-03-01', '2', '5'],
    ['X2', '2024-03-02', '', '7.5'],
    ['X3', '2024-03-03', '4', '1'],
    ['X4', '2024-03-04', ' ', '2'],
    ['X5', '2024-03-05', '3', '4'],
    ['X6', '2024-03-06', '9', '6'],
    ['X7', '2024-03-07', '8', '3'],
    ['X8', '2024-03-08', '6', '2'],
  ];
  const file = await write('samples.csv', ['a,b,c,d', ...rows.map((r) => r.join(','))].join('\n') + '\n');
  // The editor shows each column's first five non-empty, trimmed values in file order (the
  // engine keeps rows until every column has five: sample_rows in src/engine/ingest/mod.rs).
  const expected = (column) => rows.map((r) => r[column].trim()).filter((v) => v !== '').slice(0, 5).join(' · ');
  assert.equal(expected(0), 'X1 · X2 · X3 · X4 · X5');
  assert.equal(expected(2), '2 · 4 · 3 · 9 · 8');
  const { context, page, errors } = await openData();
  await page.setInputFiles('[data-testid=file-input]', file);
  await page.waitForSelector(`${card('samples.csv')} [data-testid=mapping-editor]`, { timeout: 30_000 });
  const samplesOf = (field) => page.$eval(`${card('samples.csv')} [data-testid=mapping-select][data-field=${field}]`,
    (s) => s.closest('tr').querySelector('.samples').textContent.trim());
  // The editor is drawn again after each choice (the file is read again with it): wait for
  // the chosen column's samples to be there.
  const shown = (field) => page.waitForFunction((sel) => {
    const cell = document.querySelector(sel)?.closest('tr')?.querySelector('.samples');
    return !!cell && cell.textContent.trim() !== '';
  }, `${card('samples.csv')} [data-testid=mapping-select][data-field=${field}]`, { timeout: 30_000 });
  // Nothing chosen, nothing shown.
  assert.equal(await samplesOf('OrderId'), '');
  const pick = (field, column) => page.selectOption(`${card('samples.csv')} [data-testid=mapping-select][data-field=${field}]`, String(column));
  await pick('OrderId', 0);
  await shown('OrderId');
  // A full column: exactly five values, the sixth row's is not among them.
  assert.equal(await samplesOf('OrderId'), expected(0));
  await pick('Quantity', 2);
  await shown('Quantity');
  // Blank and whitespace cells are skipped, not shown as empty entries, and later rows fill in.
  const quantity = await samplesOf('Quantity');
  assert.equal(quantity, expected(2));
  assert.doesNotMatch(quantity, /·\s*·|^·|·$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('files dropped on the drop zone are imported like chosen ones', async () => {
  const orders = 'Order ID,Order Date,Customer ID,SKU,Quantity,Unit Price\nA1,2024-03-01 10:00,c1,S1,2,5.00\nA2,2024-03-02 11:00,c2,S2,1,12.50\nA3,2024-03-31 12:00,c1,S1,3,5.00\n';
  const stock = 'SKU,On hand,Unit cost,Lead time\nS1,40,2.5,14\nS2,5,6,30\n';
  const dataRows = (text) => text.trim().split('\n').length - 1;
  const { context, page, errors } = await openData();
  await page.waitForSelector('[data-testid=drop-zone][data-importer=ready]', { timeout: 60_000 });
  await page.evaluate(({ orders, stock }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([orders], 'dropped-orders.csv', { type: 'text/csv' }));
    dt.items.add(new File([stock], 'dropped-stock.csv', { type: 'text/csv' }));
    const zone = document.querySelector('[data-testid=drop-zone]');
    window.__fire = (type) => {
      const e = new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true });
      zone.dispatchEvent(e);
      return e.defaultPrevented;
    };
  }, { orders, stock });
  const zoneClass = () => page.getAttribute('[data-testid=drop-zone]', 'class');
  assert.doesNotMatch(await zoneClass(), /dragging/);
  // The zone must cancel dragover (or the browser refuses the drop and opens the file) and
  // the drop itself (or the browser navigates to the file); while files are over it, it is
  // highlighted.
  await page.evaluate(() => window.__fire('dragenter'));
  assert.equal(await page.evaluate(() => window.__fire('dragover')), true, 'dragover is cancelled, so the zone accepts a drop');
  await page.waitForSelector('[data-testid=drop-zone].dragging', { timeout: 5_000 });
  assert.equal(await page.evaluate(() => window.__fire('drop')), true, 'the drop is cancelled, so the browser does not open the file');
  await page.waitForSelector('[data-testid=drop-zone]:not(.dragging)', { timeout: 5_000 });
  for (const name of ['dropped-orders.csv', 'dropped-stock.csv']) {
    await page.waitForSelector(`${card(name)} [data-testid=import-rows-used]`, { timeout: 30_000 });
  }
  assert.equal(await value(page, `${card('dropped-orders.csv')} [data-testid=import-rows-read]`), dataRows(orders));
  assert.equal(await value(page, `${card('dropped-stock.csv')} [data-testid=import-rows-read]`), dataRows(stock));
  assert.equal(await page.getAttribute(`${card('dropped-orders.csv')} [data-testid=import-kind]`, 'data-value'), 'orders');
  assert.equal(await page.getAttribute(`${card('dropped-stock.csv')} [data-testid=import-kind]`, 'data-value'), 'inventory');
  assert.equal(await value(page, '[data-testid=table-orders]'), dataRows(orders));
  assert.equal(await value(page, '[data-testid=table-inventory]'), dataRows(stock));
  assert.equal(page.url(), `${server.origin}/#/data`, 'the page did not navigate to a dropped file');
  assert.deepEqual(errors, []);
  await context.close();
});

test('"Load demo store" after an import brings the demo store back, in every table and on the overview', async () => {
  const { context, page, errors } = await openData();
  const dataset = async () => (await page.textContent('[data-testid=dataset-name]')).trim();
  const kpiIds = ['kpi-gmv', 'kpi-orders', 'kpi-buyers', 'kpi-aov', 'kpi-return-rate'];
  const kpis = async () => Object.fromEntries(await Promise.all(kpiIds.map(async (id) => [id, await page.getAttribute(`[data-testid=${id}]`, 'data-value')])));
  const demoName = await dataset();
  const demoTables = await page.$$eval('[data-testid^=table-]', (els) => els.map((e) => [e.dataset.testid, e.dataset.value]));
  assert.equal(demoTables.length, 4, JSON.stringify(demoTables));
  await page.click('a[href="#/overview"]');
  await page.waitForSelector('[data-testid=kpi-gmv]', { timeout: 30_000 });
  const demoKpis = await kpis();
  assert.ok(Number(demoKpis['kpi-gmv']) > 0 && Number(demoKpis['kpi-orders']) > 0, JSON.stringify(demoKpis));

  // An orders file and an inventory file replace the demo's orders and inventory.
  const lines = [['A1', '2024-03-01 10:00', 'c1', 'S1', 2, 5], ['A2', '2024-03-02 11:00', 'c2', 'S2', 1, 12.5], ['A3', '2024-03-31 12:00', 'c1', 'S1', 3, 5]];
  const orders = await write('replace-orders.csv', 'Order ID,Order Date,Customer ID,SKU,Quantity,Unit Price\n' + lines.map((l) => l.join(',')).join('\n') + '\n');
  const stock = await write('replace-stock.csv', 'SKU,On hand,Unit cost,Lead time\nS1,40,2.5,14\nS2,5,6,30\n');
  await page.click('a[href="#/data"]');
  await page.setInputFiles('[data-testid=file-input]', [orders, stock]);
  for (const name of ['replace-orders.csv', 'replace-stock.csv']) {
    await page.waitForSelector(`${card(name)} [data-testid=import-rows-used]`, { timeout: 30_000 });
  }
  await page.waitForFunction((name) => document.querySelector('[data-testid=dataset-name]').textContent.trim() !== name, demoName);
  assert.match(await dataset(), /replace-orders\.csv/);
  await page.click('a[href="#/overview"]');
  const fileGmv = lines.reduce((sum, l) => sum + l[4] * l[5], 0);
  await page.waitForFunction((gmv) => Number(document.querySelector('[data-testid=kpi-gmv]')?.dataset.value) === gmv, fileGmv, { timeout: 30_000 });
  assert.equal(await value(page, '[data-testid=kpi-orders]'), new Set(lines.map((l) => l[0])).size);

  // Start over with the demo store: the files are gone, and everything is as before the import.
  await page.click('a[href="#/data"]');
  await page.click('[data-testid=load-demo]');
  await page.waitForFunction((name) => document.querySelector('[data-testid=dataset-name]').textContent.trim() === name, demoName, { timeout: 30_000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=import-card]').length === 0, null, { timeout: 30_000 });
  assert.deepEqual(await page.$$eval('[data-testid^=table-]', (els) => els.map((e) => [e.dataset.testid, e.dataset.value])), demoTables);
  for (const table of ['orders', 'traffic', 'marketing', 'inventory']) {
    assert.match(await page.textContent(`[data-testid=table-${table}]`), /demo store/, table);
  }
  await page.click('a[href="#/overview"]');
  await page.waitForSelector('[data-testid=kpi-gmv]', { timeout: 30_000 });
  assert.deepEqual(await kpis(), demoKpis);
  assert.equal(await dataset(), demoName);
  assert.deepEqual(errors, []);
  await context.close();
});

test('aggregated orders (day × SKU, no order id): customer-level figures say they need order lines, in both languages', async () => {
  // As the README's warehouse query writes them: returns as their own rows, negative units.
  const rows = [['2024-03-01', 'A', 3, 30], ['2024-03-01', 'B', 1, 12.5], ['2024-03-02', 'A', 2, 20], ['2024-03-31', 'C', 4, 8], ['2024-03-31', 'A', -1, -10]];
  const file = await write('daily-sku.csv', 'date,sku,units,revenue\n' + rows.map((r) => r.join(',')).join('\n') + '\n');
  const gmv = rows.filter((r) => r[2] > 0).reduce((s, r) => s + r[3], 0);
  const returns = rows.filter((r) => r[2] < 0).reduce((s, r) => s - r[3], 0);
  const en = 'Needs order lines: the data is aggregated by day × SKU.';
  const zh = '需要订单明细：当前数据为按日×商品汇总。';
  const { context, page, errors } = await openData();
  await page.setInputFiles('[data-testid=file-input]', file);
  await page.waitForSelector('[data-testid=import-status][data-state=done]', { timeout: 30_000 });
  assert.equal(await value(page, `${card('daily-sku.csv')} [data-testid=import-rows-used]`), rows.length);
  assert.equal(await page.getAttribute(`${card('daily-sku.csv')} [data-testid=import-kind]`, 'data-value'), 'orders');
  assert.match(await page.textContent(`${card('daily-sku.csv')} [data-testid=import-kind]`), /aggregated by day × SKU/);

  // The overview (March 2024): sales figures are computed, order- and customer-level ones are not.
  await page.click('a[href="#/overview"]');
  await page.waitForSelector('[data-testid=kpi-gmv]', { timeout: 30_000 });
  const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
  close(await value(page, '[data-testid=kpi-gmv]'), gmv, 'GMV');
  close(await value(page, '[data-testid=kpi-return-rate]'), returns / gmv, 'return rate');
  const orderLevel = ['orders', 'buyers', 'aov', 'spend-per-buyer', 'repurchase-rate'];
  const needs = async (prefix) => page.$$eval(`[data-testid^=${prefix}-] [data-testid=needs-order-lines]`,
    (els) => els.map((e) => [e.closest('[data-testid^=kpi-], [data-testid^=report-]').dataset.testid, e.textContent.trim(), e.checkVisibility()]));
  const expectNeeds = (text, prefix) => orderLevel.map((k) => [`${prefix}-${k}`, text, true]);
  assert.deepEqual(await needs('kpi'), expectNeeds(en, 'kpi'));
  for (const k of orderLevel) assert.equal(await page.getAttribute(`[data-testid=kpi-${k}]`, 'data-value'), '', k);
  assert.equal(await page.$('[data-testid=kpi-gmv] [data-testid=needs-order-lines]'), null);

  // The review of March 2024: its KPI cards, and the customers section.
  await page.click('a[href="#/report"]');
  await page.waitForSelector('[data-testid=report][data-period-from="2024-03-01"][data-period-to="2024-03-31"]', { timeout: 60_000 });
  close(await value(page, '[data-testid=report-gmv]'), gmv, 'review GMV');
  assert.deepEqual(await needs('report'), expectNeeds(en, 'report'));
  const customers = () => page.$eval('#customers-title', (h) => {
    const p = h.closest('section').querySelector('[data-testid=needs-order-lines]');
    return p && [p.textContent.trim(), p.checkVisibility()];
  });
  assert.deepEqual(await customers(), [en, true]);

  // In Chinese.
  await page.click('[data-testid=lang-toggle]');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await page.waitForFunction((zh) => document.querySelector('#customers-title + [data-testid=needs-order-lines]')?.textContent.trim() === zh, zh);
  assert.deepEqual(await customers(), [zh, true]);
  assert.deepEqual(await needs('report'), expectNeeds(zh, 'report'));
  await page.click('a[href="#/overview"]');
  await page.waitForSelector('[data-testid=kpi-gmv]', { timeout: 30_000 });
  assert.deepEqual(await needs('kpi'), expectNeeds(zh, 'kpi'));
  await page.screenshot({ path: path.join(await screenshotDir(), 'overview-aggregated-zh.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a large import shows progress, keeps the page responsive, and can be cancelled', async () => {
  const big = path.join(ROOT, 'target/online_retail_x10.csv');
  const { context, page, errors } = await openData();
  await page.setInputFiles('[data-testid=file-input]', big);
  await page.waitForSelector('[data-testid=import-status][data-state=reading]', { timeout: 30_000 });
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=import-progress]')?.getAttribute('value') ?? 0) > 0, null, { timeout: 60_000 });
  // The page scrolls while the worker reads: a short window, so that the data page is taller
  // than it; the wheel scrolls it, and so does the page's own script (scrollTo, which needs the
  // page's thread), each seen before the import is over.
  await page.setViewportSize({ width: 1280, height: 400 });
  const room = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
  assert.ok(room > 200, `the page can scroll (${room} px)`);
  await page.mouse.move(640, 200);
  await page.mouse.wheel(0, 150);
  await page.waitForFunction(() => window.scrollY > 0, null, { timeout: 10_000 });
  const afterWheel = await page.evaluate(() => ({
    y: window.scrollY, state: document.querySelector('[data-testid=import-status]').dataset.state,
  }));
  assert.equal(afterWheel.state, 'reading', 'still reading when the wheel had scrolled the page');
  const afterScript = await page.evaluate(() => new Promise((ok) => {
    window.scrollTo(0, document.documentElement.scrollHeight);
    requestAnimationFrame(() => requestAnimationFrame(() => ok({
      y: window.scrollY, state: document.querySelector('[data-testid=import-status]').dataset.state,
    })));
  }));
  assert.ok(afterScript.y > afterWheel.y, `scrolled to the bottom: ${afterWheel.y} → ${afterScript.y}`);
  assert.equal(afterScript.state, 'reading', 'still reading when the script had scrolled the page');
  // The import went on meanwhile.
  const progressAt = Number(await page.getAttribute('[data-testid=import-progress]', 'value'));
  await page.waitForFunction((p) => Number(document.querySelector('[data-testid=import-progress]')?.getAttribute('value') ?? 0) > p, progressAt, { timeout: 60_000 });
  await page.setViewportSize({ width: 1280, height: 1000 });
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
