// Funnel benchmark (not a test), issue #8: in headless Chromium on the demo store (two years of
// daily traffic by 5 channels × 3 devices: 11,000 rows),
// (a) opening #/funnel, once the start-up has settled, until every view is shown — the worker's
//     funnel (totals, days, channels, devices, months, weeks), the steps, the breakdown, the
//     weekly trend drawn, the bottleneck, the what-if and the A/B planner and reader — median
//     of 9 fresh loads;
// (b) a what-if slider moved until the revenue is updated (the page's work: polled with
//     setTimeout(0)) and until the next frame is painted, median of 15 moves;
// against a reference measured in the same run: a plain JavaScript pass over the same 11,000
// rows summing the five steps by channel, device, month and day.
import { serve, launch, timeChange } from '../tests/e2e/harness.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const show = (xs) => xs.map((x) => x.toFixed(1)).join(', ');

function reference() {
  // Rows shaped like the demo's traffic: 730 days × 15 cells.
  const rows = [];
  for (let d = 0; d < 730; d++) {
    for (let c = 0; c < 15; c++) {
      const v = 50 + ((d * 7 + c * 13) % 100);
      rows.push({ day: d, month: Math.floor(d / 30), channel: `c${c % 5}`, device: `d${c % 3}`, counts: [v, v * 0.6 | 0, v * 0.08 | 0, v * 0.05 | 0, v * 0.04 | 0] });
    }
  }
  const t0 = performance.now();
  const maps = [new Map(), new Map(), new Map(), new Map()];
  for (const r of rows) {
    for (const [m, key] of [[maps[0], r.channel], [maps[1], r.device], [maps[2], r.month], [maps[3], r.day]]) {
      const g = m.get(key) ?? [0, 0, 0, 0, 0];
      for (let i = 0; i < 5; i++) g[i] += r.counts[i];
      m.set(key, g);
    }
  }
  if (maps[3].size !== 730) throw new Error('reference');
  return performance.now() - t0;
}

const refs = Array.from({ length: 9 }, reference);
const server = await serve();
const browser = await launch();
const opens = [], shown = [], drawnAts = [], works = [], paints = [];
try {
  for (let run = 0; run < 9; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${server.origin}/#/overview`);
    await page.waitForSelector('[data-testid=kpi-gmv]', { timeout: 120_000 });
    // Let the start-up settle (the overview's charts, the saved copy of the workspace, the
    // models asked for in advance): opening the funnel while the page is still busy starting
    // measures the start-up, not the funnel (it adds 20–60 ms here). Settled = the main thread
    // idle twice in a row.
    await page.evaluate(() => new Promise((ok) => requestIdleCallback(() => requestIdleCallback(ok, { timeout: 2000 }), { timeout: 2000 })));
    const [numbers, drawnAt, all] = await page.evaluate(() => new Promise((ok) => {
      const t0 = performance.now();
      let numbers = null, drawn = null;
      // Every figure's number in the DOM (seen by a MutationObserver as it lands) …
      const ids = ['funnel-overall-rate', 'funnel-bottleneck-step', 'funnel-whatif-revenue', 'ab-p-value', 'ab-sample-size-per-arm'];
      const observer = new MutationObserver(() => {
        if (numbers === null && ids.every((id) => document.querySelector(`[data-testid=${id}]`))) {
          numbers = performance.now() - t0;
        }
        if (drawn === null && document.querySelector('[data-testid=funnel-trend-chart][data-drawn=true]')) {
          drawn = performance.now() - t0;
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-drawn'] });
      location.hash = '#/funnel';
      // … and the weekly trend drawn, then the next frame.
      const check = () => document.querySelector('[data-testid=funnel-trend-chart][data-drawn=true]') && numbers !== null
        ? requestAnimationFrame(() => setTimeout(() => { observer.disconnect(); ok([numbers, drawn, performance.now() - t0]); }, 0))
        : requestAnimationFrame(check);
      check();
    }));
    shown.push(numbers);
    drawnAts.push(drawnAt);
    opens.push(all);
    if (run === 0) {
      for (let i = 0; i < 15; i++) {
        const { work, painted } = await timeChange(page, { control: 'funnel-rate-2', value: 15 + i * 0.5, event: 'input', watch: 'funnel-whatif-revenue' });
        works.push(work);
        paints.push(painted);
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const ref = median(refs);
console.log('browser funnel on the demo store (730 days × 5 channels × 3 devices):');
console.log(`  reference: a plain JS pass summing 11,000 rows by channel, device, month and day: ${ref.toFixed(2)} ms`);
console.log(`  (a) open #/funnel → every view's numbers in the page (worker's funnel, steps, breakdown, bottleneck, what-if, A/B): ${median(shown).toFixed(0)} ms  (${show(shown)}) = ${(median(shown) / ref).toFixed(0)}× the reference   goal of issue #8: under 50 ms`);
console.log(`      … the weekly trend chart drawn on its canvas: ${median(drawnAts).toFixed(0)} ms  (${show(drawnAts)}); seen painted (polled by frames): ${median(opens).toFixed(0)} ms  (${show(opens)})`);
console.log(`  (b) what-if slider moved → revenue updated (the page's work): ${median(works).toFixed(1)} ms  (${show(works)})   goal of issue #8: under 16 ms`);
console.log(`      … and painted (the next frame after that work): ${median(paints).toFixed(1)} ms  (${show(paints)})`);
