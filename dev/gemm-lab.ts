// Lab: GEMM shapes of the recurrent kernels, wasm vs the JS reference (checked, then timed).
// Run: node --import tsx dev/gemm-lab.ts
import { performance } from 'node:perf_hooks';
import type { Gemm } from '../src/backend/backend.js';
import { jsBackend } from '../src/backend/js/index.js';
import { createWasmBackend } from '../src/backend/wasm/index.js';

const be = await createWasmBackend();
const r = (n: number) => Float32Array.from({ length: n }, () => Math.random() * 2 - 1);
const shapes: [number, number, number, boolean, boolean][] = [
  [32, 1024, 256, false, false], [32, 2048, 512, false, true], [2048, 512, 3200, true, false], [2048, 512, 3200, false, false],
  [1024, 256, 3200, true, false], [3200, 1024, 32, false, true], [32, 512, 2048, false, false],
];
for (const [m, n, k, tA, tB] of shapes) {
  const a = r(m * k), b = r(k * n), c = new Float32Array(m * n);
  const g: Gemm = { transA: tA, transB: tB, m, n, k, alpha: 1, a, aOffset: 0, lda: tA ? m : k, b, bOffset: 0, ldb: tB ? k : n, beta: 0, c, cOffset: 0, ldc: n };
  be.gemm(g);
  if (m * n * k < 1e8) {
    const ref = new Float32Array(m * n);
    jsBackend.gemm({ ...g, c: ref });
    let err = 0;
    for (let i = 0; i < ref.length; i++) err = Math.max(err, Math.abs(ref[i] - c[i]));
    if (err > 1e-3) throw new Error(`gemm m${m} n${n} k${k}: max error ${err}`);
  }
  const t: number[] = [];
  for (let i = 0; i < 7; i++) { const t0 = performance.now(); be.gemm(g); t.push(performance.now() - t0); }
  const ms = t.sort((x, y) => x - y)[3];
  console.log(`m${m} n${n} k${k} tA${+tA} tB${+tB}: ${ms.toFixed(3)} ms, ${(2 * m * n * k / ms / 1e6).toFixed(1)} GFLOP/s`);
}
