// Shoplab's service worker: the app loads without a network after the first visit.
//
// One release, one cache. tools/release.sh (trunk's post_build hook) writes the RELEASE line
// below into the built dist/sw.js: every file of the release, relative to this script, with
// its SHA-256, and the version (a hash of that list). Install fetches exactly those bytes into
// the cache named by the version (a file whose bytes differ, e.g. an older copy from an HTTP
// cache or a half-finished upload, is fetched again bypassing caches, and the install fails if
// it still differs, so the previous release stays in charge); activate deletes this app's other
// caches; fetches of the release's files, and navigations to the app's page, are answered from
// that one cache. A new release waits until no page of the old one is open, or until the user
// accepts the page's "new version" notice, which posts 'skip-waiting' and reloads: a page
// never runs files of two releases. Everything uses URLs relative to this script, so the app
// works from any sub-path; the worker's scope is its own directory.
'use strict';

const RELEASE = { version: '', files: [] };

const BASE = new URL('./', self.location.href);
// Caches are per origin: the scope in the name keeps two copies of the app on one host apart.
const PREFIX = `shoplab ${BASE.pathname} `;
const CACHE = PREFIX + RELEASE.version;
const INDEX = new URL('index.html', BASE).href;
const FILES = new Map(RELEASE.files.map(([file, sha256]) => [new URL(file, BASE).href, sha256]));

async function sha256(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The file at `url` as a response to cache, if its bytes are the release's. */
async function fetchExactly(url, expected) {
  for (const cache of ['no-cache', 'reload']) {
    const response = await fetch(url, { cache, credentials: 'same-origin' });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const body = await response.arrayBuffer();
    if ((await sha256(body)) === expected) {
      // A new response: not marked as redirected, so it may answer a navigation; only the type
      // is kept (a length or encoding header would describe the bytes as sent, not as stored).
      const type = response.headers.get('content-type');
      return new Response(body, { status: 200, statusText: 'OK', headers: type ? { 'content-type': type } : {} });
    }
  }
  throw new Error(`${url}: not the bytes of release ${RELEASE.version}`);
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    if (!RELEASE.version) throw new Error('sw.js was not stamped by tools/release.sh');
    const cache = await caches.open(CACHE);
    // Files already there were checked when stored: an interrupted install resumes.
    await Promise.all([...FILES].map(async ([url, expected]) => {
      if (!(await cache.match(url))) await cache.put(url, await fetchExactly(url, expected));
    }));
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  let key = FILES.has(request.url) ? request.url : null;
  if (request.mode === 'navigate') {
    // The app's page, with any query (?lang=): this release's index.html.
    const url = new URL(request.url);
    if (url.pathname === BASE.pathname || url.pathname === new URL(INDEX).pathname) key = INDEX;
  }
  if (key === null) return; // not the app's: the network, as without a service worker
  event.respondWith((async () => (await caches.match(key, { cacheName: CACHE })) ?? fetch(request))());
});
