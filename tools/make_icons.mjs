// Renders static/favicon.svg to the PNG icons the web app manifest lists (static/icon-192.png,
// static/icon-512.png) in headless Chromium. Run once when the icon changes; the PNGs are
// committed. `node tools/make_icons.mjs`
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { launch, ROOT } from '../tests/e2e/harness.mjs';

const svg = await readFile(path.join(ROOT, 'static/favicon.svg'), 'utf8');
const browser = await launch();
try {
  for (const size of [192, 512]) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
    await page.screenshot({ path: path.join(ROOT, `static/icon-${size}.png`), omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
