// Lab: the native addon's GEMM (native/src/gemm.cc) against the WebAssembly kernel (assembly/
// gemm.ts, the build this engine loads), one thread, operands in place for both (the typed
// arrays for native, wasm memory for wasm: what the fused kernels see), both packing op(B) per
// call. One process, the two alternating call by call, medians; GFLOP/s and the ratio. Every
// native build this processor runs is timed, and the best one also on two threads (the speed-up
// over its one thread in the last column); each result is checked against the JS reference.
// Run: node --import tsx dev/native-gemm-lab.ts [reps]   (build the addon first: npm install, or
// node scripts/build-native.mjs)
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { jsBackend } from '../src/backend/js/index.js';
import { instantiateKernels, kernelBytes, newKernelMemory, type Kernels } from '../src/backend/wasm/module.js';
import type { NativeAddon } from '../src/backend/native/addon-types.js';

const reps = Number(process.argv[2] ?? 15);
const ADDON = fileURLToPath(new URL('../native/build/Release/recurrent_native.node', import.meta.url));
if (!existsSync(ADDON)) {
  console.error(`native-gemm-lab: ${ADDON} is missing (node scripts/build-native.mjs builds it)`);
  process.exit(2);
}
const addon = createRequire(import.meta.url)(ADDON) as NativeAddon;

// [m, n, k, transA, transB, what]
const SHAPES: [number, number, number, boolean, boolean, string][] = [
  [32, 2048, 512, false, false, 'LSTM-512 step h·W_hh (B=32)'],
  [32, 2048, 512, false, true, 'the same with W_hh as stored'],
  [3200, 1024, 64, false, false, 'input projection X·W_ih, T·B=3200'],
  [1024, 256, 3200, true, false, 'BPTT dW = dGᵀ·H'],
  [3200, 65, 256, false, false, 'logits of a 65-class vocabulary'],
];

const memory = newKernelMemory();
const k: Kernels = await instantiateKernels(await WebAssembly.compile(kernelBytes()), memory);
let top = (k.heapBase() + 63) & ~63;
const alloc = (n: number) => {
  const p = top;
  top = (top + n * 4 + 63) & ~63;
  if (top > memory.buffer.byteLength) memory.grow(Math.ceil((top - memory.buffer.byteLength) / 65536));
  return p;
};
const median = (v: number[]) => [...v].sort((p, q) => p - q)[v.length >> 1];
const rnd = (n: number) => Float32Array.from({ length: n }, () => Math.random() * 2 - 1);

function check(what: string, c: Float32Array, ref: Float32Array): void {
  let scale = 0, err = 0;
  for (let i = 0; i < ref.length; i++) scale = Math.max(scale, Math.abs(ref[i]));
  for (let i = 0; i < ref.length; i++) err = Math.max(err, Math.abs(c[i] - ref[i]));
  if (err > 1e-5 * scale) throw new Error(`${what}: error ${err} past 1e-5 of ${scale}`);
}

const isas = addon.isas();
const handles = isas.map((isa) => addon.open(isa, 1));
const two = addon.open(isas[0], 2);
console.log(`native builds: ${isas.join(', ')}; wasm: the build this engine loads; ${reps} alternating runs, medians`);
console.log(['shape', 'wasm GFLOP/s', ...isas.map((i) => `${i} GFLOP/s`), ...isas.map((i) => `${i}/wasm`), `${isas[0]} 2 threads/1`].join(' | '));
for (const [m, n, kk, tA, tB, what] of SHAPES) {
  const a = rnd(m * kk), b = rnd(kk * n);
  const lda = tA ? m : kk, ldb = tB ? kk : n;
  const ref = new Float32Array(m * n);
  jsBackend.gemm({ transA: tA, transB: tB, m, n, k: kk, alpha: 1, a, aOffset: 0, lda, b, bOffset: 0, ldb, beta: 0, c: ref, cOffset: 0, ldc: n });
  const pa = alloc(a.length), pb = alloc(b.length), pc = alloc(m * n);
  const bPack = alloc(k.packedBSize(kk, n)), aPack = alloc(k.aPackFloats()), tmp = alloc(64);
  new Float32Array(memory.buffer, pa, a.length).set(a);
  new Float32Array(memory.buffer, pb, b.length).set(b);
  const c = new Float32Array(m * n);
  const runs: (() => void)[] = [
    () => k.gemm(+tA, +tB, m, n, kk, 1, pa, lda, pb, ldb, 0, pc, n, bPack, aPack, tmp),
    ...handles.map((h) => () => addon.gemm(h, 1, tA, tB, m, n, kk, 1, a, 0, lda, b, 0, ldb, 0, c, 0, n)),
    () => addon.gemm(two, 2, tA, tB, m, n, kk, 1, a, 0, lda, b, 0, ldb, 0, c, 0, n),
  ];
  runs[0]();
  check(`wasm ${what}`, new Float32Array(memory.buffer, pc, m * n), ref);
  [...isas, `${isas[0]} on two threads`].forEach((name, i) => {
    c.fill(0);
    runs[i + 1]();
    check(`${name} ${what}`, c, ref);
  });
  // Calls per sample: about 20 ms of wasm work each.
  const t0 = performance.now();
  runs[0]();
  const inner = Math.max(1, Math.round(20 / Math.max(performance.now() - t0, 0.01)));
  const times = runs.map(() => [] as number[]);
  for (let r = 0; r < reps + 2; r++) {
    runs.forEach((run, i) => {
      const t = performance.now();
      for (let q = 0; q < inner; q++) run();
      if (r >= 2) times[i].push((performance.now() - t) / inner);
    });
  }
  const gflops = times.map((t) => (2 * m * n * kk) / (median(t) * 1e6));
  const cells = [`[${m}, ${kk}]·[${kk}, ${n}]${tA ? ' transA' : ''}${tB ? ' transB' : ''} (${what})`, gflops[0].toFixed(1),
    ...gflops.slice(1, -1).map((g) => g.toFixed(1)), ...gflops.slice(1, -1).map((g) => `${(g / gflops[0]).toFixed(2)}×`),
    `${(gflops[gflops.length - 1] / gflops[1]).toFixed(2)}×`];
  console.log(cells.join(' | '));
}
