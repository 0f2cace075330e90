// End-to-end: the operations review (#/report) of the real UCI Online Retail file for 2011,
// against the engine's numbers computed natively (tests/tools/reference_overview.rs); both
// languages, downloads, and the print layout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { serve, launch, scrollThrough, screenshotDir, ROOT } from './harness.mjs';

let server, browser, reference, november, retailCsv;

before(async () => {
  retailCsv = process.env.SHOPLAB_ONLINE_RETAIL ?? path.join(ROOT, 'target/online_retail.csv');
  const native = JSON.parse(await readFile(path.join(ROOT, 'target/reference_online_retail.json'), 'utf8'));
  reference = native.review;
  november = native.overview.current;
  server = await serve();
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

async function reviewOf2011(locale) {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.origin}/#/data`);
  await page.waitForSelector('[data-testid=drop-zone][data-importer=ready]', { timeout: 60_000 });
  await page.setInputFiles('[data-testid=file-input]', retailCsv);
  await page.waitForSelector('[data-testid=import-status][data-state=done]', { timeout: 180_000 });
  await page.click('a[href="#/report"]');
  await page.waitForSelector('[data-testid=report]', { timeout: 60_000 });
  await page.selectOption('[data-testid=report-period-kind]', 'year');
  await page.selectOption('[data-testid=report-period]', '2011');
  await page.waitForSelector('[data-testid=report][data-period-from="2011-01-01"]', { timeout: 60_000 });
  return { context, page, errors };
}

const value = async (page, id) => Number(await page.getAttribute(`[data-testid=${id}]`, 'data-value'));

test('the review of 2011 shows the engine\'s figures, in English and Chinese', async () => {
  for (const locale of ['en-US', 'zh-CN']) {
    const { context, page, errors } = await reviewOf2011(locale);
    const close = (a, b, id) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${id}: ${a} vs ${b}`);
    for (const [id, key] of [
      ['report-gmv', 'gmv'], ['report-net-sales', 'net_sales'], ['report-orders', 'orders'], ['report-units', 'units'],
      ['report-buyers', 'buyers'], ['report-aov', 'aov'], ['report-repurchase-rate', 'repurchase_rate'],
      ['report-return-rate', 'return_rate'], ['report-new-buyers', 'new_buyers'], ['report-top1-share', 'top1_share'],
      ['report-rfm-champions', 'rfm_champions'], ['report-charges', 'charges_gmv'],
    ]) {
      close(await value(page, id), reference[key], id);
    }
    // The data ends on 9 December 2011: the page says the year is only partly covered.
    await page.waitForSelector('[data-testid=report-partial]');
    assert.equal(await page.$('[data-testid=report-rfm-short]'), null, 'a year ranks a customer base');
    // The demo's traffic and spend are another shop's: left out beside the imported orders, and said so.
    assert.match(await page.textContent('[data-testid=report-demo-left-out]'), locale === 'zh-CN' ? /示例店铺的流量、推广花费表/ : /demo store's traffic and marketing spend tables/);
    const sentences = await page.$$eval('[data-testid=report-summary] li', (lis) => lis.map((li) => li.textContent));
    assert.equal(sentences.length, reference.summary);
    assert.ok(sentences.length >= 5 && sentences.length <= 8, `${sentences.length} sentences`);
    // Postage and fees (DOT, POST, AMAZONFEE, …) are set apart: no conclusion names them.
    assert.ok(reference.charges_gmv > 0);
    assert.ok(sentences.every((s) => !/POSTAGE|AMAZON FEE|Manual/.test(s)), sentences.join('\n'));
    // The slow movers and the most returned products: the engine's rows, or a sentence saying
    // there are none (an empty table reads as broken).
    for (const [id, key] of [['report-slow-movers', 'slow_movers'], ['report-top-returned', 'top_returned']]) {
      const rows = await page.$$eval(`[data-testid=${id}] tbody tr th`, (ths) => ths.length);
      assert.equal(rows, reference[key], id);
      assert.equal(await page.$(`[data-testid=${id}-empty]`) !== null, reference[key] === 0, `${id}: the sentence for none`);
    }
    // Every chart is drawn once it has been on screen (charts far below are drawn when
    // scrolled to, so a period change redraws only what is seen).
    const offscreen = await page.$$eval('canvas.chart', (cs) => cs.filter((c) => c.dataset.drawn !== 'true').length);
    assert.ok(offscreen > 0, 'charts far below the screen wait until scrolled to');
    await scrollThrough(page);
    const canvases = await page.$$eval('canvas.chart', (cs) => cs.map((c) => c.dataset.drawn === 'true' && c.width > 0));
    assert.ok(canvases.length >= 8 && canvases.every(Boolean), `${canvases}`);
    await page.screenshot({ path: path.join(await screenshotDir(), `report-${locale.slice(0, 2)}.png`), fullPage: true });
    if (locale === 'zh-CN') {
      assert.match(sentences[0], /成交额为/);
      assert.match(await page.textContent('#sales-title'), /销售/);
    } else {
      assert.match(sentences[0], /^GMV was /);
    }
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('a custom range of days: November 2011 typed in gives the overview\'s November', async () => {
  const { context, page, errors } = await reviewOf2011('en-US');
  await page.selectOption('[data-testid=report-period-kind]', 'custom');
  await page.waitForSelector('[data-testid=report-from]');
  await page.fill('[data-testid=report-from]', '2011-11-01');
  await page.dispatchEvent('[data-testid=report-from]', 'change');
  await page.fill('[data-testid=report-to]', '2011-11-30');
  await page.dispatchEvent('[data-testid=report-to]', 'change');
  await page.waitForSelector('[data-testid=report][data-period-from="2011-11-01"][data-period-to="2011-11-30"]', { timeout: 60_000 });
  assert.ok(Math.abs(await value(page, 'report-gmv') - november.gmv) < 1e-6, 'the overview of November 2011');
  assert.equal(await value(page, 'report-orders'), november.orders);
  // A month of days: the trend is by day, and the RFM segments rank the customer base of the
  // 12 months to the month's end (from the data's first day, 1 December 2010), not only the
  // month's buyers: no warning, and more buyers scored than bought in November.
  assert.equal(await page.$eval('[data-testid=report-granularity]', (s) => s.value), 'day');
  assert.equal(await page.$('[data-testid=report-rfm-short]'), null);
  assert.equal(await page.getAttribute('[data-testid=report-rfm-window]', 'data-from'), '2010-12-01');
  assert.equal(await page.getAttribute('[data-testid=report-rfm-window]', 'data-to'), '2011-11-30');
  assert.ok(await value(page, 'report-rfm-window') > await value(page, 'report-buyers'), 'the year\'s buyers, not November\'s');
  // The file has orders only: the funnel still draws the demo store's traffic, and says so.
  await page.evaluate(() => { location.hash = '#/funnel'; });
  await page.waitForSelector('[data-testid=funnel-overall-rate]', { timeout: 60_000 });
  assert.match(await page.textContent('[data-testid=demo-table-notice]'), /traffic data on this page is the demo store's/);
  assert.match(await page.textContent('[data-testid=funnel-demo-revenue]'), /revenue and average order value, over the demo's own dates/);
  await page.evaluate(() => { location.hash = '#/report'; });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a figure downloads its numbers as CSV and its chart as a PNG at twice the size', async () => {
  const { context, page, errors } = await reviewOf2011('en-US');
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid=report-top-products] [data-testid=download-csv]'),
  ]);
  // What it is, the dataset and period it is of, and the day it was saved.
  assert.match(csvDownload.suggestedFilename(), /^report-top-products_online_retail\.csv-.*2011.*_\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile(await csvDownload.path(), 'utf8');
  const lines = csv.replace(/^\uFEFF/, '').trim().split('\n');
  // The growth column is against the comparison chosen: the previous period by default.
  assert.match(lines[0], /^Rank,Product,Revenue,Share of revenue,Units,vs previous period,ABC,XYZ/);
  assert.equal(lines.length, 21, 'header and the top 20');
  // The first row's revenue share equals the headline figure.
  const top1 = await value(page, 'report-top1-share');
  const row = lines[1].match(/("[^"]*"|[^,]*)/g).filter((c) => c !== '');
  assert.ok(Math.abs(Number(row[3]) - top1) < 1e-12, `${row[3]} vs ${top1}`);
  const [pngDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid=report-trend] [data-testid=download-png]'),
  ]);
  // … and a year earlier once that is chosen.
  await page.selectOption('[data-testid=report-comparison]', 'year');
  await page.waitForSelector('[data-testid=report][data-comparison=year]');
  const [yearDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid=report-top-products] [data-testid=download-csv]'),
  ]);
  const yearCsv = (await readFile(await yearDownload.path(), 'utf8')).replace(/^\uFEFF/, '');
  assert.match(yearCsv.split('\n')[0], /^Rank,Product,Revenue,Share of revenue,Units,Year-on-year,ABC,XYZ/);
  const png = await readFile(await pngDownload.path());
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  const width = png.readUInt32BE(16);
  const shown = await page.$eval('[data-testid=report-trend-chart]', (c) => c.getBoundingClientRect().width);
  assert.equal(width, Math.round(shown * 2), 'twice the on-screen width');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the print layout lays the review out for A4 with its tables', async () => {
  const { context, page, errors } = await reviewOf2011('zh-CN');
  // What the browser does when the user prints: `beforeprint`, then the print media.
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.waitForSelector('#report-top-products-table', { state: 'attached' });
  await page.emulateMedia({ media: 'print' });
  // The controls are hidden and every table is shown in print.
  assert.equal(await page.isVisible('[data-testid=report-period-kind]'), false);
  assert.equal(await page.isVisible('[data-testid=report-print]'), false);
  assert.equal(await page.isVisible('#report-top-products-table'), true);
  await page.screenshot({ path: path.join(await screenshotDir(), 'report-print-zh.png'), fullPage: true });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages >= 4, `${pages} A4 pages`);
  assert.deepEqual(errors, []);
  await context.close();
});
