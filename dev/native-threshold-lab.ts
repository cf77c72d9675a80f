// From what size does splitting a native call across two threads pay? GEMMs of the shapes the
// workloads' heads use, scaled through the sizes around the split thresholds of
// src/backend/native/index.ts, and Adam over parameter sets of growing size; one handle of two
// threads, one and two threads alternating call by call with a JavaScript pause between calls
// (so the pool's workers have gone to sleep, as between a step's kernels). Medians, µs.
//
//   node --import tsx dev/native-threshold-lab.ts [reps]
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { NativeAddon } from '../src/backend/native/addon-types.js';

const reps = Number(process.argv[2] ?? 41);
const addon = createRequire(import.meta.url)(fileURLToPath(new URL('../native/build/Release/recurrent_native.node', import.meta.url))) as NativeAddon;
const h = addon.open(addon.isas()[0], 2);
const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
const rand = (n: number) => Float32Array.from({ length: n }, () => Math.random() - 0.5);
/** About `us` µs of JavaScript, as between two kernel calls of a step. */
function pause(us: number): void {
  const t = performance.now() + us / 1000;
  while (performance.now() < t);
}

function time(run: (nt: number) => void): [number, number] {
  const ms: [number[], number[]] = [[], []];
  for (let r = 0; r < reps + 3; r++) {
    for (const nt of [1, 2]) {
      pause(200);
      const t0 = performance.now();
      run(nt);
      if (r >= 3) ms[nt - 1].push((performance.now() - t0) * 1000);
    }
  }
  return [median(ms[0]), median(ms[1])];
}

const row = (what: string, work: number, [one, two]: [number, number]) =>
  console.log(`${what.padEnd(34)} work 2^${Math.log2(work).toFixed(1).padEnd(5)} ×1 ${one.toFixed(0).padStart(6)} µs  ×2 ${two.toFixed(0).padStart(6)} µs  ${(one / two).toFixed(2)}×`);

// [m, n, k, transA, transB]: the char model's logits X·Wᵀ, dX = dY·W and dW = dYᵀ·X, rows scaled.
for (const rows of [100, 200, 400, 800, 1600, 3200]) {
  for (const [m, n, k, ta, tb, what] of [[rows, 65, 256, false, true, 'X·Wᵀ'], [rows, 256, 65, false, false, 'dY·W'], [65, 256, rows, true, false, 'dYᵀ·X']] as const) {
    const a = rand(m * k), b = rand(n * k), c = new Float32Array(m * n);
    const lda = ta ? m : k, ldb = tb ? k : n;
    row(`gemm ${what} ${m}×${n}×${k}`, m * n * k, time((nt) => addon.gemm(h, nt, ta, tb, m, n, k, 1, a, 0, lda, b, 0, ldb, 0, c, 0, n)));
  }
}
for (const total of [1 << 15, 1 << 16, 1 << 17, 1 << 18, 1 << 19, 1 << 20]) {
  const p = rand(total), g = rand(total), m = new Float32Array(total), v = new Float32Array(total);
  const flat = [p, g, m, v, null, 1e-3, 1];
  row(`adam ${total} parameters`, total, time((nt) => addon.adamUpdateMany(h, nt, flat, 1e-3, 0.9, 0.999, 1e-8, 0, false)));
}
addon.close(h);
