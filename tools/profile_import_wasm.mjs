// Runs the import probe module (tests/tools/import_wasm_probe.rs) on a file ten times and
// prints each run's time; with --report PROFILE, prints the self time per function instead.
import { readFileSync } from 'node:fs';

if (process.argv[2] === '--report') {
  const profile = JSON.parse(readFileSync(process.argv[3], 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (const id of profile.samples) {
    const name = nodes.get(id).callFrame.functionName || '(JavaScript and V8)';
    self.set(name, (self.get(name) ?? 0) + 1);
  }
  const total = profile.samples.length;
  console.log('self time, all ten runs (the first is partly baseline code):');
  for (const [name, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    console.log(`${((100 * n) / total).toFixed(1).padStart(6)} %  ${name.slice(0, 110)}`);
  }
} else {
  const [wasmPath, filePath] = process.argv.slice(2);
  const module = await WebAssembly.compile(readFileSync(wasmPath));
  // Imports the module declares but the import never calls (web-sys and friends, linked in).
  const imports = {};
  for (const { module: from, name, kind } of WebAssembly.Module.imports(module)) {
    imports[from] ??= {};
    imports[from][name] = kind === 'function' ? () => { throw new Error(`${from}.${name} called`); } : undefined;
  }
  const { exports } = await WebAssembly.instantiate(module, imports);
  const data = readFileSync(filePath);
  const at = exports.alloc(data.length);
  new Uint8Array(exports.memory.buffer, at, data.length).set(data);
  const times = [];
  let rows = 0n;
  for (let run = 0; run < 10; run++) {
    const t = performance.now();
    rows = exports.import_rows(at, data.length);
    times.push(performance.now() - t);
  }
  const warm = times.slice(1).sort((a, b) => a - b);
  console.log(`import of ${filePath} in V8: ${rows} rows used; first run ${times[0].toFixed(0)} ms, warm median ${warm[Math.floor(warm.length / 2)].toFixed(1)} ms`);
}
