// Lab: the native fused recurrent kernels (each build this processor runs, through the addon) against
// the WebAssembly backend, one thread each, on the workloads' LSTM shapes: W2b (T=100, B=32, I=32,
// H=512) forward with the saved arrays + backward, W6 (T=100, B=64, I=32, H=256) forward for
// inference, and W5's streaming step (T=1, B=1, I=32, H=256, inference, many calls per sample).
// The variants alternate within each round; medians over the rounds, ratios against wasm.
// Run: node --import tsx dev/native-recurrent-lab.ts [rounds]   (after `node scripts/build-native.mjs`)
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import type { Backend, RecurrentSaved } from '../src/backend/backend.js';
import { createWasmBackend } from '../src/backend/wasm/index.js';
import type { NativeAddon, NativeHandle } from '../src/backend/native/addon-types.js';

const rounds = Number(process.argv[2] ?? 9);
const addon = createRequire(import.meta.url)('../native/build/Release/recurrent_native.node') as NativeAddon;
const wasm: Backend & { close(): Promise<void> } = await createWasmBackend({ threads: 1 });
const LSTM = 2, G = 4;

let seed = 1;
const rand = (n: number, s: number) => Float32Array.from({ length: n }, () => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return ((seed >>> 8) / 16777216 * 2 - 1) * s;
});

/** One shape's arrays, shared by every variant, and its timed calls per variant. */
function workload(T: number, B: number, I: number, H: number, train: boolean, reps: number) {
  const GH = G * H, TB = T * B;
  const x = rand(TB * I, 1), wIh = rand(GH * I, 1 / Math.sqrt(H)), wHh = rand(GH * H, 1 / Math.sqrt(H));
  const bIh = rand(GH, 0.1), bHh = rand(GH, 0.1), h0 = new Float32Array(B * H), c0 = new Float32Array(B * H);
  const out = new Float32Array(TB * H), hN = new Float32Array(B * H), cN = new Float32Array(B * H);
  const saved: RecurrentSaved = { gates: new Float32Array(TB * GH), hPrev: new Float32Array(TB * H), aux: new Float32Array(TB * H), cNew: new Float32Array(TB * H) };
  const dOut = rand(TB * H, 1), dWIh = new Float32Array(GH * I), dWHh = new Float32Array(GH * H), dBIh = new Float32Array(GH), dBHh = new Float32Array(GH);
  const dh0 = new Float32Array(B * H), dc0 = new Float32Array(B * H);
  const s = train ? saved : null;
  const wasmRun = () => {
    for (let r = 0; r < reps; r++) {
      wasm.recurrentForward({ kind: 'lstm', T, B, I, H, lengths: null, reverse: false, x, wIh, wHh, bIh, bHh, h0, c0, out, hN, cN, saved: s });
      if (train) wasm.recurrentBackward({ kind: 'lstm', T, B, I, H, lengths: null, reverse: false, x, wIh, wHh, saved, dOut, dhN: null, dcN: null,
        dx: null, dWIh, dWHh, dBIh, dBHh, dh0, dc0 });
    }
  };
  const nativeRun = (h: NativeHandle) => () => {
    for (let r = 0; r < reps; r++) {
      addon.recurrentForward(h, 1, LSTM, T, B, I, H, false, x, wIh, wHh, bIh, bHh, null, h0, c0, out, hN, cN,
        s ? saved.gates as Float32Array : null, s ? saved.hPrev as Float32Array : null, s ? saved.aux as Float32Array : null, s ? saved.cNew as Float32Array : null, 0);
      if (train) addon.recurrentBackward(h, 1, LSTM, T, B, I, H, false, x, wIh, wHh, null, saved.gates as Float32Array, saved.hPrev as Float32Array,
        saved.aux as Float32Array, saved.cNew as Float32Array, dOut, null, null, null, dWIh, dWHh, dBIh, dBHh, dh0, dc0, null, null, 0);
    }
  };
  return { wasmRun, nativeRun };
}

const handles = addon.isas().map((isa) => [isa, addon.open(isa, 1)] as const);
const shapes = [
  { name: 'W2b LSTM T=100 B=32 I=32 H=512, forward (saving) + backward', w: workload(100, 32, 32, 512, true, 1), reps: 1 },
  { name: 'W6 LSTM T=100 B=64 I=32 H=256, forward', w: workload(100, 64, 32, 256, false, 1), reps: 1 },
  { name: 'W5 LSTM T=1 B=1 I=32 H=256, forward (one streaming step)', w: workload(1, 1, 32, 256, false, 2000), reps: 2000 },
];
const median = (t: number[]) => [...t].sort((a, b) => a - b)[t.length >> 1];
for (const { name, w, reps } of shapes) {
  const variants: [string, () => void][] = [['wasm', w.wasmRun], ...handles.map(([isa, h]) => [`native ${isa}`, w.nativeRun(h)] as [string, () => void])];
  const times = variants.map(() => [] as number[]);
  for (const [, f] of variants) f(); // warm-up: packing buffers, scratch, JIT
  for (let r = 0; r < rounds; r++) {
    for (const [i, [, f]] of variants.entries()) {
      const t0 = performance.now();
      f();
      times[i].push((performance.now() - t0) / reps);
    }
  }
  const base = median(times[0]);
  console.log(name);
  for (const [i, [v]] of variants.entries()) {
    const m = median(times[i]);
    const unit = m < 1 ? `${(m * 1000).toFixed(1)} µs` : `${m.toFixed(2)} ms`;
    console.log(`  ${v.padEnd(16)} ${unit.padStart(10)}  ${(base / m).toFixed(2)}× wasm`);
  }
}
for (const [, h] of handles) addon.close(h);
await wasm.close();
