// Lab: GEMM blocking variants on the shapes of the recurrent kernels, one thread, operands
// already in wasm memory (what the fused kernels see). Each variant is assembly/ with its
// blocking constants replaced, compiled by asc into a temporary module; every variant is checked
// against the JS reference, then timed (median of 7). Only the winner moves into assembly/gemm.ts.
// Run: node --import tsx dev/gemm-lab.ts [KCxMC[:variant],...]   (default: a small grid around 256x128)
// A variant is a replacement gemm.ts kept as dev/gemm-variants/NAME.as (AssemblyScript, outside
// the TypeScript project), e.g. 256x128:unroll2.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { jsBackend } from '../src/backend/js/index.js';
import { instantiateKernels, newKernelMemory, type Kernels } from '../src/backend/wasm/module.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const asc = join(dirname(createRequire(import.meta.url).resolve('assemblyscript/package.json')), 'bin', 'asc.js');

/** Compile assembly/ with KC and MC replaced, and gemm.ts replaced by a variant when named. */
function build(KC: number, MC: number, variant: string | undefined): Uint8Array<ArrayBuffer> {
  const dir = mkdtempSync(join(tmpdir(), 'gemm-lab-'));
  cpSync(join(root, 'assembly'), dir, { recursive: true });
  const f = join(dir, 'gemm.ts');
  if (variant) cpSync(join(root, 'dev', 'gemm-variants', `${variant}.as`), f);
  writeFileSync(f, readFileSync(f, 'utf8').replace(/export const KC: i32 = \d+;/, `export const KC: i32 = ${KC};`).replace(/export const MC: i32 = \d+;/, `export const MC: i32 = ${MC};`));
  const out = join(dir, 'k.wasm');
  const r = spawnSync(process.execPath, [asc, join(dir, 'index.ts'), '--outFile', out, '-O3', '--noAssert', '--enable', 'simd', '--enable', 'threads',
    '--runtime', 'stub', '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '32768'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('asc failed');
  const bytes = new Uint8Array(readFileSync(out));
  rmSync(dir, { recursive: true, force: true });
  return bytes;
}

// [m, n, k, transA, transB, what]
const SHAPES: [number, number, number, boolean, boolean, string][] = [
  [2048, 512, 3200, true, false, 'W2b dW_hh = dGᵀ·H'],
  [1024, 256, 3200, true, false, 'W4 dW_hh'],
  [512, 128, 3200, true, false, 'W2 dW_hh'],
  [1024, 32, 3200, true, false, 'W4 dW_ih'],
  [3200, 1024, 32, false, true, 'projection X·W_ihᵀ'],
  [32, 2048, 512, false, true, 'W2b step h·W_hhᵀ (B packed per call here)'],
];

const variants = (process.argv[2] ?? '256x128,128x128,384x128,256x64,256x256,512x64').split(',').map((v) => {
  const [size, variant] = v.split(':');
  const [KC, MC] = size.split('x').map(Number);
  return { KC, MC, variant };
});
const r = (n: number) => Float32Array.from({ length: n }, () => Math.random() * 2 - 1);
const inputs = SHAPES.map(([m, n, k, tA, tB]) => ({ a: r(m * k), b: r(k * n), lda: tA ? m : k, ldb: tB ? k : n }));
const refs = SHAPES.map(([m, n, k, tA, tB], i) => {
  if (m * n * k > 2e8) return null;
  const c = new Float32Array(m * n);
  jsBackend.gemm({ transA: tA, transB: tB, m, n, k, alpha: 1, a: inputs[i].a, aOffset: 0, lda: inputs[i].lda, b: inputs[i].b, bOffset: 0, ldb: inputs[i].ldb, beta: 0, c, cOffset: 0, ldc: n });
  return c;
});

for (const { KC, MC, variant } of variants) {
  const memory = newKernelMemory();
  const k: Kernels = await instantiateKernels(await WebAssembly.compile(build(KC, MC, variant)), memory);
  let top = (k.heapBase() + 63) & ~63;
  const alloc = (n: number) => {
    const p = top;
    top = (top + n * 4 + 63) & ~63;
    if (top > memory.buffer.byteLength) memory.grow(Math.ceil((top - memory.buffer.byteLength) / 65536));
    return p;
  };
  const line: string[] = [];
  SHAPES.forEach(([m, n, kk, tA, tB], i) => {
    const pa = alloc(inputs[i].a.length), pb = alloc(inputs[i].b.length), pc = alloc(m * n);
    const bPack = alloc(k.packedBSize(kk, n)), aPack = alloc(k.aPackFloats()), tmp = alloc(64);
    new Float32Array(memory.buffer, pa, inputs[i].a.length).set(inputs[i].a);
    new Float32Array(memory.buffer, pb, inputs[i].b.length).set(inputs[i].b);
    const run = () => k.gemm(+tA, +tB, m, n, kk, 1, pa, inputs[i].lda, pb, inputs[i].ldb, 0, pc, n, bPack, aPack, tmp);
    run();
    const ref = refs[i];
    if (ref) {
      const c = new Float32Array(memory.buffer, pc, m * n);
      let err = 0;
      for (let j = 0; j < ref.length; j++) err = Math.max(err, Math.abs(ref[j] - c[j]));
      if (err > 1e-3) throw new Error(`KC ${KC} MC ${MC} m${m} n${n} k${kk}: max error ${err}`);
    }
    const t: number[] = [];
    for (let s = 0; s < 7; s++) { const t0 = performance.now(); run(); t.push(performance.now() - t0); }
    const ms = t.sort((x, y) => x - y)[3];
    line.push((2 * m * n * kk / ms / 1e6).toFixed(1).padStart(6));
  });
  console.log(`KC ${String(KC).padEnd(4)} MC ${String(MC).padEnd(4)} ${(variant ?? '').padEnd(8)} GFLOP/s: ${line.join(' ')}`);
}
console.log(SHAPES.map(([m, n, k, tA, tB, what], i) => `  col ${i + 1}: m${m} n${n} k${k} tA${+tA} tB${+tB} (${what})`).join('\n'));
