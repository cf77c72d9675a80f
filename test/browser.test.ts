import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { LSTM } from '../src/nn/lstm.js';
import { Generator } from '../src/random/generator.js';
import { Tensor } from '../src/tensor/tensor.js';

// The package in a real browser: a plain <script type=module> page imports dist/index.js,
// switches to the WebAssembly backend (the .wasm travels inside the JavaScript) and runs an LSTM.
// The page is served cross-origin isolated (COOP/COEP), as SharedArrayBuffer requires.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = resolve('.');
const types: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html', '.json': 'application/json' };

const page = `<!doctype html><meta charset="utf-8">
<script type="importmap">{ "imports": { "csv-parse/sync": "/node_modules/csv-parse/dist/esm/sync.js" } }</script>
<script type="module">
  import * as R from '/dist/index.js';
  try {
    const used = await R.setBackend('auto');
    const lstm = new R.LSTM({ inputSize: 3, hiddenSize: 8, numLayers: 2, batchFirst: true, generator: new R.Generator(5) });
    const x = R.tensor(Float32Array.from({ length: 2 * 7 * 3 }, (_, i) => Math.sin(i)), [2, 7, 3]);
    const [out, [hN]] = lstm.forward(x, null, { lengths: [7, 4] });
    window.__result = { backend: used.name, isolated: self.crossOriginIsolated, out: Array.from(out.data), hN: Array.from(hN.data) };
  } catch (e) {
    window.__result = { error: String(e && e.stack || e) };
  }
</script>`;

test('the package runs in headless Chromium from a plain module page, on the WebAssembly backend', async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(`no Chromium at ${CHROMIUM} (Debian: apt-get install -y chromium)`);
    return;
  }
  if (!existsSync('dist/index.js')) {
    t.skip('dist/ not built (run npm run build)');
    return;
  }
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
    if (url.pathname === '/') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end(page);
      return;
    }
    const file = normalize(join(root, url.pathname));
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${port}/`);
    await tab.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, { timeout: 60_000 });
    const r = (await tab.evaluate(() => (window as unknown as { __result: unknown }).__result)) as { error?: string; backend: string; isolated: boolean; out: number[]; hN: number[] };
    assert.equal(r.error, undefined, r.error);
    assert.equal(r.isolated, true);
    assert.equal(r.backend, 'wasm');
    // The same model in Node on the reference backend.
    const lstm = new LSTM({ inputSize: 3, hiddenSize: 8, numLayers: 2, batchFirst: true, generator: new Generator(5) });
    const x = new Tensor(Float32Array.from({ length: 2 * 7 * 3 }, (_, i) => Math.sin(i)), [2, 7, 3]);
    const [out, [hN]] = lstm.forward(x, null, { lengths: [7, 4] });
    out.toArray().forEach((v, i) => assert.ok(Math.abs(v - r.out[i]) < 1e-5, `out[${i}]: browser ${r.out[i]} vs node ${v}`));
    hN.toArray().forEach((v, i) => assert.ok(Math.abs(v - r.hN[i]) < 1e-5, `hN[${i}]`));
  } finally {
    await browser.close();
    server.close();
  }
});
