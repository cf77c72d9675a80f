// Lab: time the fused recurrent kernels' parts (forward with/without saving, backward) and the
// GEMM shapes they run, on the wasm backend. Run: node --import tsx dev/recurrent-lab.ts [H] [kind] [B] [threads]
import { performance } from 'node:perf_hooks';
import type { CellKind, Gemm, RecurrentSaved } from '../src/backend/backend.js';
import { gatesOf } from '../src/backend/backend.js';
import { createWasmBackend } from '../src/backend/wasm/index.js';

const H = Number(process.argv[2] ?? 512), kind = (process.argv[3] ?? 'lstm') as CellKind, B = Number(process.argv[4] ?? 32);
const T = 100, I = 32, GH = gatesOf(kind) * H, TB = T * B;
const threads = Number(process.argv[5] ?? 1);
// minSplitWork forces the split (no measuring chooser), to time it even on a loaded machine.
const be = await createWasmBackend({ threads, minSplitWork: 1 << 20 });
const r = (n: number, s = 0.1) => Float32Array.from({ length: n }, () => (Math.random() * 2 - 1) * s);
const med = (f: () => void, n = 7) => {
  f();
  const t: number[] = [];
  for (let i = 0; i < n; i++) { const t0 = performance.now(); f(); t.push(performance.now() - t0); }
  return t.sort((a, b) => a - b)[n >> 1];
};
const x = r(TB * I), wIh = r(GH * I), wHh = r(GH * H), bIh = r(GH), bHh = r(GH);
const out = new Float32Array(TB * H), hN = new Float32Array(B * H), cN = new Float32Array(B * H);
const saved: RecurrentSaved = { gates: new Float32Array(TB * GH), hPrev: new Float32Array(TB * H), aux: new Float32Array(TB * H), cNew: new Float32Array(TB * H) };
const fa = { kind, T, B, I, H, lengths: null, reverse: false, x, wIh, wHh, bIh, bHh, h0: new Float32Array(B * H), c0: null, out, hN, cN };
const gf = (m: number, n: number, k: number, tA: boolean, tB: boolean) => {
  const a = r(m * k), b = r(k * n), c = new Float32Array(m * n);
  const g: Gemm = { transA: tA, transB: tB, m, n, k, alpha: 1, a, aOffset: 0, lda: tA ? m : k, b, bOffset: 0, ldb: tB ? k : n, beta: 0, c, cOffset: 0, ldc: n };
  const ms = med(() => be.gemm(g));
  console.log(`gemm m${m} n${n} k${k} tA${+tA} tB${+tB}: ${ms.toFixed(3)} ms, ${(2 * m * n * k / ms / 1e6).toFixed(1)} GFLOP/s`);
};
const fwdS = med(() => be.recurrentForward({ ...fa, saved }));
const fwd = med(() => be.recurrentForward({ ...fa, saved: null }));
const dOut = r(TB * H);
const bwd = med(() => be.recurrentBackward({ kind, T, B, I, H, lengths: null, reverse: false, x, wIh, wHh, saved, dOut, dhN: null, dcN: null, dx: null,
  dWIh: new Float32Array(GH * I), dWHh: new Float32Array(GH * H), dBIh: new Float32Array(GH), dBHh: new Float32Array(GH), dh0: new Float32Array(B * H), dc0: new Float32Array(B * H) }));
const stepF = 2 * B * GH * H * T;
console.log(`${kind} B${B} H${H} threads ${threads}: forward+save ${fwdS.toFixed(1)} ms, forward ${fwd.toFixed(1)} ms (${((2 * TB * GH * I + stepF) / fwd / 1e6).toFixed(1)} GFLOP/s), backward ${bwd.toFixed(1)} ms (${((stepF + 2 * GH * I * TB + 2 * GH * H * TB) / bwd / 1e6).toFixed(1)} GFLOP/s)`);
gf(B, GH, H, false, true); // forward step
gf(B, H, GH, false, false); // backward step
gf(GH, H, TB, true, false); // dW_hh
gf(TB, GH, I, false, true); // projection
gf(B, GH, H, false, false);
gf(32, 1024, 256, false, false);
gf(32, 2048, 256, false, false);
gf(32, 1024, 512, false, false);
await be.close();
