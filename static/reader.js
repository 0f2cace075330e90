// Shoplab's file reader: reads slices of a file for the import worker, on a thread of its own.
//
// A Blob's bytes reach a worker through its event loop, so a worker busy parsing one slice
// receives nothing of the next: reading and parsing took turns, and reading was a quarter of
// an import's time (tools/bench_import_browser.mjs). The import worker (src/web/worker.rs,
// `SliceReader`) starts this worker and asks it for slices ahead of the one it parses; each
// answer hands the bytes over (a transfer, not a copy) and waits in the import worker's queue.
//
// Request: { request, file, start, end }. Answer: { request, buffer } or { request, error }.
'use strict';

// Slices read so far (the end-to-end import test checks that a large file came through here).
self.slicesRead = 0;

self.onmessage = (event) => {
  const { request, file, start, end } = event.data;
  file.slice(start, end).arrayBuffer().then(
    (buffer) => {
      self.slicesRead += 1;
      self.postMessage({ request, buffer }, [buffer]);
    },
    (error) => self.postMessage({ request, error: String((error && error.message) || error) }),
  );
};
