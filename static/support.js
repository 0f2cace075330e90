// Shoplab's browser check, run before the app loads (index.html).
//
// The WebAssembly is built with SIMD (.cargo/config.toml: the import's line splitter scans 16
// bytes at a time). A browser without WebAssembly SIMD (before Chrome/Edge 91, Firefox 89,
// Safari 16.4) cannot compile it and would show an empty page; this says why instead, in both
// languages, before the app has chosen one.
'use strict';
(() => {
  // (module (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt)), as the
  // wasm-feature-detect library tests for SIMD.
  const simd = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0,
    10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
  let supported = false;
  try {
    supported = typeof WebAssembly === 'object' && WebAssembly.validate(simd);
  } catch (_) {
    supported = false;
  }
  if (supported) return;
  const show = () => {
    const box = document.createElement('div');
    box.className = 'unsupported';
    box.setAttribute('data-testid', 'unsupported-browser');
    box.setAttribute('role', 'alert');
    for (const text of [
      'This browser is too old for Shoplab: it lacks WebAssembly SIMD. Please update it, or open Shoplab in Chrome or Edge 91+, Firefox 89+ or Safari 16.4+.',
      '此浏览器版本过旧，不支持 WebAssembly SIMD，无法运行 Shoplab。请更新浏览器，或改用 Chrome / Edge 91+、Firefox 89+、Safari 16.4+ 打开。',
    ]) {
      const p = document.createElement('p');
      p.textContent = text;
      box.append(p);
    }
    document.body.prepend(box);
  };
  if (document.body) show();
  else document.addEventListener('DOMContentLoaded', show, { once: true });
})();
