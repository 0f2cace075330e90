// End-to-end: accessibility. Every page, in both languages and both colour schemes, checked by
// axe-core (WCAG 2.0/2.1 A and AA rules) once fully rendered and scrolled through, so the lazy
// charts are drawn: no serious or critical violation, and a summary of every impact's count
// (tests/e2e/screenshots/axe-summary.json). Then the keyboard: Tab reaches every visible
// control of each page with a visible focus indicator, each simulator can be driven from the
// keyboard alone, every chart is an image with a text alternative, and every bound that can be
// dragged on the budget's allocation chart can also be typed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve, launch, screenshotDir, scrollThrough, ROOT } from './harness.mjs';

const require = createRequire(path.join(ROOT, 'tools/package.json'));
const AXE_SOURCE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

const card = (name) => `[data-testid=import-card][data-file="${name}"]`;
let files; // written in `before`

/** Each page, and what shows it is rendered (beyond the generic checks in `settle`). The data
 *  page is checked twice: as it opens, and with a file's card (with a skipped row) and an
 *  unrecognised file's mapping editor. */
const PAGES = [
  { route: 'overview', ready: '[data-testid=kpi-gmv]' },
  { route: 'report', ready: '[data-testid=report][data-period-from]' },
  { route: 'budget', ready: '[data-testid=budget-total]' },
  { route: 'pricing', ready: '[data-testid=pricing-elasticity]' },
  { route: 'inventory', ready: '[data-testid=inv-eoq]' },
  { route: 'funnel', ready: '[data-testid=funnel-overall-rate]' },
  { route: 'data', ready: '[data-testid=drop-zone][data-importer=ready]' },
  {
    name: 'data+files', route: 'data', ready: `${card('mystery.csv')} [data-testid=mapping-editor]`,
    async setup(page) {
      await page.waitForSelector('[data-testid=drop-zone][data-importer=ready]', { timeout: 60_000 });
      await page.setInputFiles('[data-testid=file-input]', files);
      await page.waitForSelector(`${card('orders.csv')} [data-testid=import-rows-used]`, { timeout: 60_000 });
    },
  },
  {
    // A course pack's exercise above the page, and a share link shown (issue 9's own controls).
    name: 'budget+pack', route: 'budget', ready: '[data-testid=share-link]',
    async setup(page) {
      await page.evaluate(() => { window.location.hash = '#/data'; });
      await page.click('[data-testid=pack-example-singles-day-budget]');
      await page.waitForSelector('[data-testid=exercise-title]', { timeout: 60_000 });
      await page.evaluate(() => { window.location.hash = '#/budget'; });
      await page.waitForSelector('[data-testid=budget-total]', { timeout: 60_000 });
      await page.click('[data-testid=share-button]');
    },
  },
  {
    // Last: "forget everything" empties the workspace, with its message and confirmation.
    name: 'data+forgotten', route: 'data', ready: '[data-testid=forgotten]',
    async setup(page) {
      await page.click('[data-testid=forget]');
      await page.click('[data-testid=forget-confirm]');
    },
  },
].map((p) => ({ name: p.route, ...p }));
const ONLY = process.env.A11Y_PAGES?.split(',');
const pages = PAGES.filter((p) => !ONLY || ONLY.includes(p.name));
const IMPACTS = ['minor', 'moderate', 'serious', 'critical'];
/** The pages photographed in the dark scheme, per language. */
const SCREENSHOTS = { en: ['overview', 'budget'], zh: ['report'] };

let server, browser;

before(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'shoplab-a11y-'));
  files = [path.join(dir, 'orders.csv'), path.join(dir, 'mystery.csv')];
  await writeFile(files[0], 'Order ID,Order Date,Customer ID,SKU,Quantity,Unit Price\nA1,2024-03-01 10:00,c1,S1,2,5.00\nA2,2024-03-02 11:00,c2,S2,1,12.50\nA3,not a date,c1,S1,3,5.00\n');
  await writeFile(files[1], 'a,b,c,d\nX1,2024-03-01,2,5\nX2,2024-03-02,1,7.5\n');
  server = await serve();
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

async function open({ colorScheme = 'light', lang = 'en', width = 1280 } = {}) {
  const context = await browser.newContext({
    locale: lang === 'zh' ? 'zh-CN' : 'en-US', colorScheme, viewport: { width, height: 1000 },
  });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.origin}/?lang=${lang}#/overview`);
  await page.waitForSelector('[data-testid=kpi-gmv]', { timeout: 60_000 });
  return { context, page, errors };
}

/** Goes to a page and waits until it is rendered: its own hook, nothing busy or loading, and,
 *  once scrolled through, every chart drawn. */
async function settle(page, { route, ready, setup }) {
  await page.evaluate((r) => { window.location.hash = `#/${r}`; }, route);
  await setup?.(page);
  await page.waitForSelector(ready, { timeout: 120_000 });
  const idle = () => !document.querySelector('[aria-busy=true], .loading, [data-testid=inv-progress]');
  await page.waitForFunction(idle, null, { timeout: 120_000 });
  await scrollThrough(page);
  await page.waitForFunction(() => [...document.querySelectorAll('canvas.chart')].every((c) => c.dataset.drawn === 'true'),
    null, { timeout: 30_000 });
  await page.waitForFunction(idle, null, { timeout: 120_000 });
}

async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  }).then((r) => r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), impact: n.impact, summary: n.failureSummary })),
  }))));
}

/** Placeholders below 4.5:1 on their field (axe-core does not check placeholder text). */
function faintPlaceholders() {
  const rgb = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const ch = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
  };
  return [...document.querySelectorAll('[placeholder]')].flatMap((el) => {
    const [a, b] = [lum(rgb(getComputedStyle(el, '::placeholder').color)), lum(rgb(getComputedStyle(el).backgroundColor))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    return ratio < 4.5 ? [`placeholder of ${el.dataset.testid ?? el.tagName} at ${ratio.toFixed(2)}:1`] : [];
  });
}

test('axe-core: no serious or critical violation on any page, language or colour scheme', async () => {
  const summary = [];
  const failures = [];
  const consoleErrors = [];
  for (const colorScheme of ['light', 'dark']) {
    for (const lang of ['en', 'zh']) {
      const { context, page, errors } = await open({ colorScheme, lang });
      for (const p of pages) {
        await settle(page, p);
        const violations = await axe(page);
        const counts = Object.fromEntries(IMPACTS.map((i) => [i, 0]));
        for (const v of violations) {
          for (const n of v.nodes) {
            const impact = n.impact ?? v.impact;
            counts[impact] += 1;
            const line = `${p.name} ${lang} ${colorScheme}: ${v.id} (${impact}) ${n.target} — ${v.help}`;
            if (impact === 'serious' || impact === 'critical') failures.push(`${line}\n    ${n.summary?.replace(/\n/g, '\n    ')}`);
            else console.log(`  [${impact}] ${line}`);
          }
        }
        for (const f of await page.evaluate(faintPlaceholders)) failures.push(`${p.name} ${lang} ${colorScheme}: ${f}`);
        summary.push({ page: p.name, lang, scheme: colorScheme, ...counts, rules: [...new Set(violations.map((v) => v.id))] });
        if (colorScheme === 'dark' && SCREENSHOTS[lang]?.includes(p.name)) {
          await page.screenshot({ path: path.join(await screenshotDir(), `${p.name}-${lang}-dark.png`), fullPage: true });
        }
      }
      consoleErrors.push(...errors.map((e) => `${lang} ${colorScheme}: ${e}`));
      await context.close();
    }
  }
  console.log('\naxe-core violations (elements) by impact:');
  console.table(summary.map(({ rules, ...row }) => row));
  await writeFile(path.join(await screenshotDir(), 'axe-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  for (const f of failures) console.log(f);
  assert.equal(failures.length, 0, `${failures.length} serious or critical violations (or faint placeholders):\n${failures.join('\n')}`);
  assert.deepEqual(consoleErrors, [], 'no console errors');
});

/** Moves the focus to the very start of the page, as after a fresh load. */
async function focusStart(page) {
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    const start = document.createElement('span');
    start.tabIndex = -1;
    document.body.prepend(start);
    start.focus();
    start.remove(); // the sequential focus navigation starting point stays here
  });
}

/** Marks every visible control a keyboard user must be able to reach (`data-kbd` = its index;
 *  radios share one stop per group) and returns their descriptions. */
async function markControls(page) {
  return page.evaluate(() => {
    const out = [];
    const native = 'a[href], button, input, select, textarea, summary';
    for (const el of document.querySelectorAll(`${native}, [tabindex]`)) {
      delete el.dataset.kbd;
      // tabindex=-1 takes a control out of the Tab order: a failure for a native control, the
      // intent for anything else (a figure the focus is moved to).
      if (el.tabIndex < 0 && !el.matches(native)) continue;
      if (el.disabled || el.type === 'hidden' || el.closest('[inert], details:not([open]) > :not(summary)')) continue;
      // A visually hidden input (the file picker) is seen through its label.
      const shown = el.getBoundingClientRect().width <= 1 ? (el.closest('label') ?? el) : el;
      if (!shown.checkVisibility({ visibilityProperty: true, opacityProperty: true, contentVisibilityAuto: false })) continue;
      const rect = shown.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      el.dataset.kbd = String(out.length);
      const name = el.getAttribute('aria-label') ?? el.labels?.[0]?.textContent ?? el.textContent;
      out.push({ key: el.type === 'radio' ? `radio:${el.name}` : String(out.length),
        what: `${el.tagName.toLowerCase()}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ''} "${(name ?? '').trim().slice(0, 40)}"` });
    }
    return out;
  });
}

/** What the focused element is and how its focus shows: the outline (or box shadow) of the
 *  element, or of its label when the element itself is visually hidden, and the outline's
 *  contrast with the background it is drawn on. */
function describeFocus() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const parse = (c) => {
    const m = c.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/);
    return m ? { rgb: [+m[1], +m[2], +m[3]], a: m[4] === undefined ? 1 : +m[4] } : null;
  };
  const lum = ([r, g, b]) => {
    const ch = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
  };
  const ring = el.getBoundingClientRect().width <= 1 ? (el.closest('label') ?? el) : el;
  const style = getComputedStyle(ring);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow !== 'none';
  let contrast = null;
  if (outline) {
    let bg = null;
    for (let p = ring.parentElement; p && !bg; p = p.parentElement) {
      const c = parse(getComputedStyle(p).backgroundColor);
      if (c && c.a === 1) bg = c.rgb;
    }
    bg ??= parse(getComputedStyle(document.documentElement).backgroundColor)?.rgb ?? [255, 255, 255];
    const fg = parse(style.outlineColor)?.rgb ?? [0, 0, 0];
    const [a, b] = [lum(fg), lum(bg)];
    contrast = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }
  return {
    kbd: el.dataset.kbd ?? null,
    what: `${el.tagName.toLowerCase()}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ''}`,
    visible: el.matches(':focus-visible'),
    indicator: outline || shadow,
    contrast,
  };
}

/** Presses Tab from the start of the page to its end; returns every stop. */
async function tabThrough(page, limit) {
  await focusStart(page);
  const stops = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(describeFocus);
    if (!stop || (stops.length && stop.kbd !== null && stop.kbd === stops[0].kbd)) break;
    stops.push(stop);
  }
  return stops;
}

/** Presses Tab until the element matching `selector` has the focus. */
async function tabTo(page, selector) {
  await focusStart(page);
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

const dataValue = (page, id) => page.getAttribute(`[data-testid=${id}]`, 'data-value');
const changes = (page, id, before) => page.waitForFunction(([i, b]) => document.querySelector(`[data-testid=${i}]`)?.dataset.value !== b,
  [id, before], { timeout: 10_000 });

/** One keyboard-only use of each page (the focus moved with Tab, then keys). */
const INTERACTIONS = {
  async 'budget+pack'(page) {
    // The share button from the keys: the link (with this page's settings) is shown.
    await page.evaluate(() => { window.location.hash = '#/report'; window.location.hash = '#/budget'; });
    await page.waitForSelector('[data-testid=budget-total]', { timeout: 60_000 });
    await tabTo(page, '[data-testid=share-button]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /#\/budget\?s=/.test(document.querySelector('[data-testid=share-link]')?.dataset.value ?? ''));
  },
  async 'data+forgotten'(page) {
    // An example pack opened from the keys: its exercise is shown.
    await tabTo(page, '[data-testid=pack-example-fix-the-checkout]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=exercise-title]', { timeout: 60_000 });
  },
  async overview(page) {
    await tabTo(page, '[data-testid=lang-toggle]');
    const lang = await page.getAttribute('html', 'lang');
    await page.keyboard.press('Enter');
    await page.waitForFunction((l) => document.documentElement.lang !== l, lang);
    await page.keyboard.press('Space');
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  },
  async report(page) {
    await tabTo(page, '[data-testid=report-period-kind]');
    const from = await page.getAttribute('[data-testid=report]', 'data-period-from');
    await page.keyboard.press('ArrowDown'); // month → quarter
    await page.waitForFunction((f) => {
      const r = document.querySelector('[data-testid=report][data-period-from]');
      return r && r.dataset.periodFrom !== f;
    }, from, { timeout: 30_000 });
    // A summary's link moves the focus to its figure.
    await tabTo(page, '[data-testid=report-summary] a');
    const figure = await page.$eval('[data-testid=report-summary] li', (li) => li.dataset.figure);
    await page.keyboard.press('Enter');
    await page.waitForFunction((f) => document.activeElement?.closest(`[data-testid=${f}]`), figure);
  },
  async budget(page) {
    await tabTo(page, '[data-testid=budget-budget]');
    const total = await dataValue(page, 'budget-total');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(String(Math.round(Number(total) * 1.2)));
    await page.keyboard.press('Enter');
    await changes(page, 'budget-total', total);
    // Every bound that can be dragged on the allocation chart has a typed twin, reached and
    // changed from the keyboard.
    await page.waitForSelector('[data-testid=budget-allocation-chart][data-handles]');
    const handles = JSON.parse(await page.getAttribute('[data-testid=budget-allocation-chart]', 'data-handles'));
    assert.ok(handles.length > 0, 'the chart has handles');
    for (const h of handles) {
      for (const end of ['min', 'max']) {
        if (!h[end]) continue;
        const slug = await page.$$eval('[data-testid^=budget-alloc-]', (tds, channel) => tds
          .find((td) => td.closest('tr').querySelector('th [data-channel]')?.dataset.channel === channel)
          ?.dataset.testid.replace('budget-alloc-', ''), h.channel);
        assert.ok(slug && await page.$(`[data-testid=budget-${end}-${slug}]`), `a typed ${end} bound for ${h.channel}`);
      }
    }
    const slug = await page.$eval('[data-testid^=budget-max-]', (i) => i.dataset.testid.replace('budget-max-', ''));
    const handlesBefore = await page.getAttribute('[data-testid=budget-allocation-chart]', 'data-handles');
    await tabTo(page, `[data-testid=budget-max-${slug}]`);
    const max = Number(await page.inputValue(`[data-testid=budget-max-${slug}]`));
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(String(Math.round(max / 2)));
    await page.keyboard.press('Tab');
    await page.waitForFunction((h) => document.querySelector('[data-testid=budget-allocation-chart]').dataset.handles !== h, handlesBefore);
  },
  async pricing(page) {
    await tabTo(page, '[data-testid=promo-discount]');
    const gmv = await dataValue(page, 'promo-gmv');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('30');
    await page.keyboard.press('Enter');
    await changes(page, 'promo-gmv', gmv);
  },
  async inventory(page) {
    await tabTo(page, '[data-testid=inv-target-csl-slider]');
    const ss = await dataValue(page, 'inv-safety-stock');
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    await changes(page, 'inv-safety-stock', ss);
  },
  async funnel(page) {
    await tabTo(page, '[data-testid=funnel-rate-4]');
    const revenue = await dataValue(page, 'funnel-whatif-revenue');
    await page.keyboard.press('ArrowRight');
    await changes(page, 'funnel-whatif-revenue', revenue);
  },
  async 'data+files'(page) {
    await tabTo(page, `${card('orders.csv')} [data-testid=import-remove]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(card('orders.csv'), { state: 'detached' });
  },
  async data(page) {
    await tabTo(page, '[data-testid=file-input]');
    // Space on the focused file input opens the browser's own dialog. Under a loaded CI run
    // headless Chromium once dropped the first key press (no dialog in 20 s, while the same
    // run in Chinese passed): a second press on the still-focused input is allowed, and said.
    for (let attempt = 1; ; attempt++) {
      const chooser = page.waitForEvent('filechooser', { timeout: 10_000 }).catch(() => null);
      await page.keyboard.press('Space');
      if (await chooser) {
        if (attempt > 1) console.log(`  data: the file dialog opened on press ${attempt}`);
        break;
      }
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'file-input', 'the file picker kept the focus');
      assert.ok(attempt < 2, 'Space on the file picker opens the file dialog');
    }
  },
};

for (const [lang, colorScheme] of [['en', 'light'], ['zh', 'dark']]) {
  test(`keyboard (${lang}, ${colorScheme}): Tab reaches every visible control with a visible focus, and each page works from the keys`, async () => {
    const { context, page, errors } = await open({ colorScheme, lang });
    const problems = [];
    for (const p of pages) {
      await settle(page, p);
      const controls = await markControls(page);
      const stops = await tabThrough(page, controls.length * 2 + 40);
      const reached = new Set(stops.map((s) => (s.kbd === null ? null : controls[Number(s.kbd)].key)));
      const missed = controls.filter((c) => !reached.has(c.key));
      for (const c of missed) problems.push(`${p.name}: never focused by Tab: ${c.what}`);
      for (const s of stops) {
        if (!s.visible || !s.indicator) problems.push(`${p.name}: no visible focus indicator on ${s.what}`);
        else if (s.contrast !== null && s.contrast < 3) problems.push(`${p.name}: focus outline of ${s.what} at ${s.contrast.toFixed(2)}:1 (< 3:1)`);
      }
      console.log(`  ${p.name}: ${controls.length} controls, ${stops.length} Tab stops, ${missed.length} missed`);
      await INTERACTIONS[p.name](page);
    }
    for (const x of problems) console.log(`  ${x}`);
    assert.deepEqual(problems, []);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('every chart is an image with a text alternative in the page\'s language', async () => {
  for (const lang of ['en', 'zh']) {
    const { context, page } = await open({ lang });
    for (const p of pages) {
      await settle(page, p);
      const canvases = await page.$$eval('canvas', (cs) => cs.map((c) => {
        const described = (c.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean)
          .map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
        return { id: c.dataset.testid, role: c.getAttribute('role'), label: c.getAttribute('aria-label') ?? '', described };
      }));
      for (const c of canvases) {
        assert.equal(c.role, 'img', `${p.name} ${lang}: ${c.id} has role=img`);
        assert.ok(c.label.trim().length > 10, `${p.name} ${lang}: ${c.id} has a text alternative`);
        assert.equal(/[\u4e00-\u9fff]/.test(c.label), lang === 'zh', `${p.name} ${lang}: ${c.id}'s label "${c.label}" is in ${lang}`);
      }
    }
    await context.close();
  }
});

// A phone (390 CSS pixels, an iPhone 12–15): no page is wider than the screen, so nothing
// needs sideways scrolling of the page itself (wide tables scroll inside their frame). The
// pricing page's product picker made it 484 pixels wide.
test('no page is wider than a phone\'s screen', async () => {
  for (const lang of ['en', 'zh']) {
    const { context, page, errors } = await open({ lang, width: 390 });
    for (const p of pages.filter((p) => !p.setup)) {
      await settle(page, p);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `${p.name} (${lang}) is ${width} pixels wide on a 390-pixel screen`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  }
});
