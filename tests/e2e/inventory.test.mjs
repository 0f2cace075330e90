// End-to-end: the inventory simulator (#/inventory) on the demo store (no upload): every hook
// with a finite value, the reorder point equal to demand × lead time + safety stock from the
// page's own inputs, a higher target service level raising the safety stock, the sample path
// drawn, and the title in Chinese.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve, launch, screenshotDir } from './harness.mjs';

let server, browser;

before(async () => {
  server = await serve();
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

const HOOKS = ['inv-eoq', 'inv-safety-stock', 'inv-reorder-point', 'inv-fill-rate',
  'inv-cycle-service-level', 'inv-avg-on-hand', 'inv-total-cost', 'inv-skus-at-risk'];

const value = async (page, id) => Number(await page.getAttribute(`[data-testid=${id}]`, 'data-value'));

async function open(locale) {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.origin}/#/inventory`);
  await page.waitForSelector('[data-testid=inv-eoq]', { timeout: 120_000 });
  return { context, page, errors };
}

test('demo store: formulas, simulation, catalogue and a higher service level', async () => {
  const { context, page, errors } = await open('en-US');
  assert.match(await page.textContent('#inventory-title'), /Inventory/);
  assert.ok(await page.$('a[href="#/inventory"]'), 'nav link');

  for (const id of HOOKS) {
    const v = await value(page, id);
    assert.ok(Number.isFinite(v), `${id} = ${v}`);
  }
  for (const id of ['inv-cycle-service-level', 'inv-avg-on-hand', 'inv-total-cost']) {
    const p5 = Number(await page.getAttribute(`[data-testid=${id}]`, 'data-p5'));
    const p95 = Number(await page.getAttribute(`[data-testid=${id}]`, 'data-p95'));
    const p50 = await value(page, id);
    assert.ok(p5 <= p50 && p50 <= p95, `${id}: ${p5} ≤ ${p50} ≤ ${p95}`);
  }

  // ROP = d·L + SS with the page's own displayed inputs.
  const d = await value(page, 'inv-daily-demand');
  const lead = Number(await page.inputValue('[data-testid=inv-lead-time]'));
  const ss = await value(page, 'inv-safety-stock');
  const rop = await value(page, 'inv-reorder-point');
  assert.ok(d > 0 && lead > 0, `d ${d}, L ${lead}`);
  assert.ok(Math.abs(rop - (d * lead + ss)) <= 1e-6 * Math.max(1, rop) + 0.01 * d,
    `ROP ${rop} vs ${d} × ${lead} + ${ss}`);

  // A higher target cycle service level raises the safety stock.
  await page.fill('[data-testid=inv-target-csl]', '99');
  await page.press('[data-testid=inv-target-csl]', 'Enter');
  await page.locator('[data-testid=inv-target-csl]').blur();
  await page.waitForFunction((before) =>
    Number(document.querySelector('[data-testid=inv-safety-stock]').dataset.value) > before, ss, { timeout: 10_000 });
  const ss99 = await value(page, 'inv-safety-stock');
  assert.ok(ss99 > ss, `${ss99} > ${ss}`);
  // The slider moves the same lever: back to 90 %, the safety stock falls below the 95 % one.
  await page.$eval('[data-testid=inv-target-csl-slider]', (el) => {
    el.value = '90';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForFunction((before) =>
    Number(document.querySelector('[data-testid=inv-safety-stock]').dataset.value) < before, ss, { timeout: 10_000 });
  assert.equal(await page.inputValue('[data-testid=inv-target-csl]'), '90');

  // Every simulated figure's band: fill rate, CSL, stock-out days, on hand, turns, days of
  // inventory, orders, the three costs and their total (= the headline's median).
  const bands = await page.$$eval('[data-testid=inv-sim-bands] tbody tr',
    (rows) => rows.map((r) => [...r.children].slice(1).map((c) => Number(c.dataset.value))));
  assert.equal(bands.length, 11);
  for (const [mean, p5, p50, p95] of bands) {
    assert.ok([mean, p5, p50, p95].every(Number.isFinite) && p5 <= p50 && p50 <= p95, `${mean} ${p5} ${p50} ${p95}`);
  }
  assert.equal(bands[10][2], await value(page, 'inv-total-cost'));

  // The order quantity is the EOQ rounded up (or the MOQ), as the formulas say; with no
  // holding cost there is no economic lot: the EOQ reads "no limit" and a year's demand is
  // ordered at a time (it was shown as 0, and one unit ordered every few hours).
  assert.match(await page.textContent('[data-testid=inv-formulas]'), /Q = max\(⌈EOQ⌉, MOQ\)/);
  await page.fill('[data-testid=inv-holding-rate]', '0');
  await page.locator('[data-testid=inv-holding-rate]').blur();
  await page.waitForSelector('[data-testid=inv-eoq][data-value=Infinity]', { timeout: 10_000 });
  assert.match(await page.textContent('[data-testid=inv-eoq]'), /no limit/);
  const yearly = Math.ceil(365 * d);
  assert.match(await page.textContent('[data-testid=inv-formulas]'), new RegExp(`Q = max\\(⌈D⌉, MOQ\\) = max\\(${yearly.toLocaleString('en-US')}, `));
  await page.fill('[data-testid=inv-holding-rate]', '25');
  await page.locator('[data-testid=inv-holding-rate]').blur();
  await page.waitForFunction(() => Number.isFinite(Number(document.querySelector('[data-testid=inv-eoq]').dataset.value)), null, { timeout: 10_000 });

  // The sample path is drawn, and the catalogue lists rows.
  await page.locator('[data-testid=inv-path]').scrollIntoViewIfNeeded();
  await page.waitForSelector('[data-testid=inv-path-chart][data-drawn=true]', { timeout: 30_000 });
  assert.ok(await page.$$eval('[data-testid=inv-catalogue] tbody tr', (rs) => rs.length) > 0, 'catalogue rows');
  await page.selectOption('[data-testid=inv-class]', 'A');
  assert.ok(Number.isFinite(await value(page, 'inv-skus-at-risk')));

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(await screenshotDir(), 'inventory-en.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

// The numbers of one column of the catalogue table (data-value of its cells).
const column = (page, index) => page.$$eval('[data-testid=inv-catalogue] tbody tr',
  (rows, i) => rows.map((r) => Number(r.children[i].dataset.value)), index);
const texts = (page, index) => page.$$eval('[data-testid=inv-catalogue] tbody tr',
  (rows, i) => rows.map((r) => r.children[i].textContent), index);

test('catalogue: progress, sorting, ABC-XYZ filters, the exchange curve with the current policies, settings and edits followed', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // Record every count the progress bar shows while the worker searches.
  await page.addInitScript(() => {
    window.progressSeen = new Set();
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid=inv-progress]');
      if (bar) window.progressSeen.add(bar.dataset.value + '/' + bar.dataset.total);
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  await page.goto(`${server.origin}/#/inventory`);
  await page.waitForSelector('[data-testid=inv-eoq]', { timeout: 120_000 });
  const seen = await page.evaluate(() => [...window.progressSeen]);
  assert.ok(seen.length >= 2, `progress counts seen: ${seen}`);

  // Sorted by cash tied up, largest first (column 6), then smallest first.
  await page.selectOption('[data-testid=inv-sort]', 'cash');
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('[data-testid=inv-catalogue] tbody tr')].map((r) => Number(r.children[6].dataset.value));
    return cells.every((v, i) => i === 0 || cells[i - 1] >= v);
  }, null, { timeout: 10_000 });
  await page.selectOption('[data-testid=inv-sort-direction]', 'asc');
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('[data-testid=inv-catalogue] tbody tr')].map((r) => Number(r.children[6].dataset.value));
    return cells.length > 1 && cells.every((v, i) => i === 0 || cells[i - 1] <= v);
  }, null, { timeout: 10_000 });

  // XYZ filter: every listed class ends in X; ABC + XYZ together.
  const all = (await column(page, 2)).length;
  await page.selectOption('[data-testid=inv-xyz]', 'X');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=inv-catalogue] tbody tr').length !== n, all);
  const classes = await texts(page, 1);
  assert.ok(classes.length > 0 && classes.every((c) => c.endsWith('X')), classes.join(' '));
  await page.selectOption('[data-testid=inv-class]', 'A');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=inv-catalogue] tbody tr')]
    .every((r) => r.children[1].textContent === 'AX'));
  await page.selectOption('[data-testid=inv-class]', '');
  await page.selectOption('[data-testid=inv-xyz]', '');

  // The demo's inventory sheet plants a current policy for every SKU: its point is shown.
  const currentFill = await value(page, 'inv-current-fill-rate');
  const currentCash = await value(page, 'inv-current-cash');
  assert.ok(currentFill > 0 && currentFill <= 1 && currentCash > 0, `${currentFill} ${currentCash}`);
  // The exchange curve is drawn; its table's cash rises with the target.
  await page.locator('[data-testid=inv-frontier]').scrollIntoViewIfNeeded();
  await page.waitForSelector('[data-testid=inv-frontier-chart][data-drawn=true]', { timeout: 30_000 });
  await page.click('[data-testid=inv-frontier] [data-testid=toggle-table]');
  await page.waitForSelector('[data-testid=inv-frontier] tbody tr');
  const curve = await page.$$eval('[data-testid=inv-frontier] tbody tr',
    (rows) => rows.filter((r) => r.children[0].dataset.value).map((r) => Number(r.children[2].dataset.value)));
  assert.ok(curve.length >= 10, `${curve.length} points`);
  assert.ok(curve[curve.length - 1] > curve[0], `cash ${curve[0]} → ${curve[curve.length - 1]}`);
  // The marked points close the table: the cheapest policies for the target (the figures
  // above the chart) and the current policies.
  const marked = await page.$$eval('[data-testid=inv-frontier] tbody tr', (rows) => rows
    .filter((r) => !r.children[0].dataset.value)
    .map((r) => [r.children[0].textContent, Number(r.children[2].dataset.value), Number(r.children[3].dataset.value)]));
  assert.deepEqual(marked.map(([name]) => name), ['Cheapest for the target', 'Current policy']);
  const headlineCash = await value(page, 'inv-cash-tied-up');
  assert.ok(Math.abs(marked[0][1] - headlineCash) < 0.01, `${marked[0][1]} vs ${headlineCash}`);
  assert.ok(Math.abs(marked[1][1] - currentCash) < 0.01, `${marked[1][1]} vs ${currentCash}`);
  // Both yearly costs are headline figures too (the cheapest policies can hold more stock than
  // today's and still cost less a year: the page must show what they are cheapest in).
  assert.ok(Math.abs(marked[0][2] - await value(page, 'inv-yearly-cost')) < 0.01);
  assert.ok(Math.abs(marked[1][2] - await value(page, 'inv-current-yearly-cost')) < 0.01);
  // … and a sentence says how they compare, from the same four figures.
  const [moreCash, moreCost, says] = await page.$eval('[data-testid=inv-versus-current]',
    (p) => [Number(p.dataset.value), Number(p.dataset.cost), p.textContent]);
  assert.ok(Math.abs(moreCash - (headlineCash - currentCash)) < 0.01, `${moreCash}`);
  assert.ok(Math.abs(moreCost - (marked[0][2] - marked[1][2])) < 0.01, `${moreCost}`);
  assert.match(says, new RegExp(`^Against today's policies, the cheapest ones for the target ${moreCash >= 0 ? 'tie up .+ more in stock' : 'free up .+ tied up in stock'} and cost .+ ${moreCost <= 0 ? 'less' : 'more'} a year, for a fill rate of [\\d.]+% instead of today's [\\d.]+%\\.$`));

  // A higher target fill rate: the worker searches again and the catalogue's fill rate rises.
  const fill95 = await value(page, 'inv-catalogue-fill-rate');
  await page.evaluate(() => { window.progressSeen.clear(); });
  await page.fill('[data-testid=inv-target-fill]', '99.5');
  await page.locator('[data-testid=inv-target-fill]').blur();
  await page.waitForFunction((before) => {
    const v = Number(document.querySelector('[data-testid=inv-catalogue-fill-rate]').dataset.value);
    return v !== before && !document.querySelector('[data-testid=inv-progress]');
  }, fill95, { timeout: 60_000 });
  const fill995 = await value(page, 'inv-catalogue-fill-rate');
  assert.ok(fill995 > fill95 - 1e-3, `${fill995} vs ${fill95}`);
  assert.ok((await page.evaluate(() => window.progressSeen.size)) >= 1, 'progress shown again');

  // Editing the chosen SKU's lead time: its catalogue row is searched again and flagged.
  await page.selectOption('[data-testid=inv-sort]', 'revenue');
  await page.selectOption('[data-testid=inv-sort-direction]', 'desc');
  await page.fill('[data-testid=inv-lead-time]', '30');
  await page.locator('[data-testid=inv-lead-time]').blur();
  await page.waitForFunction(() => document.querySelector('[data-testid=inv-catalogue] tbody tr')
    .children[8].textContent.includes('your inputs'), null, { timeout: 10_000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the page in Chinese', async () => {
  const { context, page, errors } = await open('zh-CN');
  assert.match(await page.textContent('#inventory-title'), /库存/);
  assert.match(await page.textContent('a[href="#/inventory"]'), /库存/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('orders without a stock list: the demo stock list is left out, and the SKUs have no stock count instead of a stock-out risk', async () => {
  const { context, page, errors } = await open('en-US');
  await page.goto(`${server.origin}/#/data`);
  await page.waitForSelector('[data-testid=drop-zone][data-importer=ready]', { timeout: 60_000 });
  // 60 days of orders for SKU-101 (a code the demo's stock list also has) and two new SKUs;
  // SKU-101's order of the 10th is cancelled (UCI-style, a negative line): that day adds no
  // demand. The import replaces the demo's
  // orders only, so the inventory table is still the demo's.
  const csv = ['order_id,date,sku,quantity,price'];
  const units = { 'SKU-101': 0, 'NEW-1': 0, 'NEW-2': 0 };
  for (let d = 0; d < 60; d++) {
    const day = new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10);
    Object.keys(units).forEach((sku, i) => {
      const q = 1 + ((d + i) % 3);
      csv.push(`O${d}-${i},${day},${sku},${q},20`);
      units[sku] += q;
    });
  }
  csv.push(`C9-0,2024-01-10,SKU-101,-${1 + (9 % 3)},20`);
  units['SKU-101'] -= 1 + (9 % 3);
  await page.setInputFiles('[data-testid=file-input]', { name: 'new-skus.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.join('\n')) });
  await page.waitForSelector('[data-testid=import-status][data-state=done]', { timeout: 60_000 });
  await page.evaluate(() => { window.location.hash = '#/inventory'; });
  await page.waitForSelector('[data-testid=inv-stock-unknown]', { timeout: 120_000 });
  assert.match(await page.textContent('[data-testid=inv-demo-left-out]'), /leaves out the demo store's inventory table/);
  assert.equal(await value(page, 'inv-stock-unknown'), 3);
  assert.match(await page.textContent('[data-testid=inv-stock-unknown]'), /^3 of the listed SKUs have no stock on hand/);
  // Only the file's SKUs are listed (none of the demo's other 119), each marked as having no
  // stock count and none at risk; daily demand is the units over the 60 days, less the
  // cancelled day's.
  const rows = await page.evaluate(() => {
    const th = [...document.querySelectorAll('[data-testid=inv-catalogue] thead th')].map((h) => h.textContent);
    const flags = th.indexOf('Warning');
    const demand = th.findIndex((t) => /demand/i.test(t));
    return [...document.querySelectorAll('[data-testid=inv-catalogue] tbody tr')]
      .map((r) => [r.children[0].textContent, r.children[flags]?.textContent, Number(r.children[demand]?.dataset.value)]);
  });
  assert.equal(rows.length, 3, JSON.stringify(rows));
  for (const [sku, flag, daily] of rows) {
    const code = Object.keys(units).find((k) => sku.startsWith(k));
    assert.ok(code, sku);
    assert.match(flag, /no stock count/);
    assert.doesNotMatch(flag, /stock-out risk/);
    assert.ok(Math.abs(daily - units[code] / 60) < 1e-9, `${sku}: ${daily} vs ${units[code] / 60}`);
  }
  assert.equal(await value(page, 'inv-skus-at-risk'), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
