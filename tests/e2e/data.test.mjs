// End-to-end: importing files on #/data, against the engine's native numbers for the same file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve, launch, screenshotDir, ROOT } from './harness.mjs';

let server, browser, reference, retailCsv;

before(async () => {
  retailCsv = process.env.SHOPLAB_ONLINE_RETAIL ?? path.join(ROOT, 'target/online_retail.csv');
  reference = JSON.parse(await readFile(path.join(ROOT, 'target/reference_online_retail.json'), 'utf8'));
  server = await serve();
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

async function openData(locale = 'en-US') {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.origin}/#/data`);
  await page.waitForSelector('[data-testid=file-input]');
  // The demo store loads first; wait for it so the import is not raced by it.
  await page.waitForSelector('[data-testid=dataset-name]', { timeout: 30_000 });
  return { context, page, errors };
}

test('importing the real Online Retail export shows its counts and its KPIs', async () => {
  const { context, page, errors } = await openData();
  assert.equal(await page.getAttribute('[data-testid=import-status]', 'data-state'), 'idle');
  await page.setInputFiles('[data-testid=file-input]', retailCsv);
  await page.waitForSelector('[data-testid=import-status][data-state=reading]', { timeout: 10_000 }).catch(() => {});
  await page.waitForSelector('[data-testid=import-status][data-state=done]', { timeout: 180_000 });
  const value = async (id) => Number(await page.getAttribute(`[data-testid=${id}]`, 'data-value'));
  assert.equal(await value('import-rows-read'), 541_909, 'rows in the file (../shared/data/README.md)');
  assert.equal(await value('import-rows-used'), reference.order_lines);
  assert.equal(await value('import-rows-skipped'), 0);
  assert.equal(await value('import-rows-read'), (await value('import-rows-used')) + (await value('import-rows-skipped')));
  assert.match(await page.textContent('[data-testid=import-kind]'), /orders/);
  await page.screenshot({ path: path.join(await screenshotDir(), 'data-en.png'), fullPage: true });

  // The row accounting downloads as CSV, generated in the page: read = used + skipped.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-accounting]')]);
  // What it is, the dataset, the day.
  assert.match(download.suggestedFilename(), /^rows_online_retail_\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile(await download.path(), 'utf8');
  assert.match(csv, /^file,reason,column,rows,first_lines,examples\n/);
  assert.match(csv, /online_retail\.csv,rows_read,,541909,,/);
  assert.match(csv, /online_retail\.csv,rows_skipped,,0,,/);

  await page.click('a[href="#/overview"]');
  await page.waitForSelector('[data-testid=kpi-gmv]');
  const current = reference.overview.current;
  for (const [id, field] of [['kpi-gmv', 'gmv'], ['kpi-orders', 'orders'], ['kpi-buyers', 'buyers'],
    ['kpi-aov', 'aov'], ['kpi-repurchase-rate', 'repurchase_rate'], ['kpi-return-rate', 'return_rate']]) {
    assert.equal(await value(id), current[field], `${id} of November 2011`);
  }
  assert.match(await page.textContent('[data-testid=dataset-name]'), /online_retail\.csv/);
  // The UCI file's prices carry no currency mark: show none rather than the demo's ¥.
  const plain = current.gmv.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  assert.equal((await page.textContent('[data-testid=kpi-gmv] .kpi-value')).trim(), plain);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an Excel 97–2003 workbook imports from its orders sheet', async () => {
  const { context, page, errors } = await openData('zh-CN');
  await page.setInputFiles('[data-testid=file-input]', path.join(ROOT, 'tests/fixtures/orders.xls'));
  await page.waitForSelector('[data-testid=import-status][data-state=done]', { timeout: 60_000 });
  assert.equal(await page.getAttribute('[data-testid=import-rows-used]', 'data-value'), '3');
  assert.match(await page.textContent('[data-testid=import-sheet]'), /订单 \(2\/2\)/);
  await page.screenshot({ path: path.join(await screenshotDir(), 'data-xls-zh.png'), fullPage: true });
  // Another sheet can be chosen; the notes sheet has no table, and the orders sheet comes back.
  await page.selectOption('[data-testid=import-sheet-select]', '说明');
  await page.waitForSelector('[data-testid=import-status][data-state=error]', { timeout: 60_000 });
  assert.match(await page.textContent('[data-testid=import-error]'), /orders\.xls/);
  await page.selectOption('[data-testid=import-sheet-select]', '订单');
  await page.waitForSelector('[data-testid=import-status][data-state=done]', { timeout: 60_000 });
  assert.equal(await page.getAttribute('[data-testid=import-rows-used]', 'data-value'), '3');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a PNG renamed .csv is refused with a message that names it and says what to do', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'shoplab-'));
  const file = path.join(dir, 'logo.csv');
  await writeFile(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
  const { context, page } = await openData('zh-CN');
  const gmvBefore = await page.evaluate(() => location.hash);
  await page.setInputFiles('[data-testid=file-input]', file);
  await page.waitForSelector('[data-testid=import-status][data-state=error]', { timeout: 30_000 });
  const message = await page.textContent('[data-testid=import-error]');
  assert.match(message, /logo\.csv/);
  assert.match(message, /PNG图片/);
  assert.equal(gmvBefore, '#/data');
  await page.screenshot({ path: path.join(await screenshotDir(), 'data-error-zh.png'), fullPage: true });
  // The demo store is still loaded.
  assert.match(await page.textContent('[data-testid=dataset-name]'), /示例店铺/);
  await context.close();
});
