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

test('the page in Chinese', async () => {
  const { context, page, errors } = await open('zh-CN');
  assert.match(await page.textContent('#inventory-title'), /库存/);
  assert.match(await page.textContent('a[href="#/inventory"]'), /库存/);
  assert.deepEqual(errors, []);
  await context.close();
});
