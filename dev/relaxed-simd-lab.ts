// Does the relaxed-SIMD build pay? Times the shipped relaxed build of the kernels
// (scripts/build-wasm.mjs, `--enable relaxed-simd`: its multiply-adds are f32x4.relaxed_madd)
// against the plain build, one thread, both modules in one process, alternating call by call,
// medians: gemm on the shapes of the text tasks, and the fused LSTM / GRU forward and backward
// (whose gate math's polynomials use the same multiply-add). Node 20 needs the engine flag:
//
//   node --experimental-wasm-relaxed-simd --import tsx dev/relaxed-simd-lab.ts [reps] [variant.wasm]
//   node --experimental-wasm-relaxed-simd --import tsx dev/relaxed-simd-lab.ts --models [reps] [threads]
//
// With a variant (a module asc built from edited sources with --importMemory, no shared memory)
// that takes the plain build's place, so a change to the relaxed kernels is timed against them.
//
// --models: bench's W1–W6 steps through the library's layers (bench/workloads/models.ts), on a
// wasm backend with relaxedSimd: false and one with the default (relaxed) build, in one process,
// a step of one after a step of the other, so that both see the same machine load.
//
// What it showed here (2 cores, Xeon with AVX-512 and FMA, Node 20, a shared machine; medians
// of 21–31): the relaxed build against the plain one 1.19–1.35× on the GEMMs, 1.19–1.33× on the
// LSTM / GRU kernels; --models 1.16–1.30× on W1–W4 and W6 on one thread, 1.06–1.27× on two.
// Variants of the relaxed micro-kernel against its 4×8: a 6×8 tile on every panel 1.07–1.12× on
// tall GEMMs but 0.95× at m = 32 (a padded last panel) and 0.92–0.97× on the recurrent kernels
// (B = 32 steps), hence the shipped mix of panels of 6 and of 4 (1.03–1.2×, never slower); the
// 4×8 with k unrolled by two 1.2–2.2× slower (spills).
import { readFileSync } from 'node:fs';
import { kernelBytes, relaxedBuildRuns, type Kernels } from '../src/backend/wasm/module.js';
import { createWasmBackend } from '../src/backend/wasm/index.js';
import { MODEL_WORKLOADS } from '../bench/workloads/models.js';

const median = (v: number[]) => [...v].sort((p, q) => p - q)[v.length >> 1];
const models = process.argv[2] === '--models';
const args = process.argv.slice(models ? 3 : 2);
const reps = Number(args[0] ?? (models ? 15 : 31));
const variant = models ? undefined : args[1];

/** A module with its own (unshared) memory. */
function instance(bytes: Uint8Array<ArrayBuffer>) {
  const memory = new WebAssembly.Memory({ initial: 4096, maximum: 32768 });
  const k = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as unknown as Kernels;
  return { k, memory, f: new Float32Array(memory.buffer) };
}

if (!relaxedBuildRuns('unshared')) {
  console.error('relaxed-simd-lab: this engine does not validate the relaxed build (run with node --experimental-wasm-relaxed-simd)');
  process.exit(2);
}
if (models) {
  const threads = Number(args[1] ?? 1);
  const plain = await createWasmBackend({ threads, relaxedSimd: false }), relaxed = await createWasmBackend({ threads, relaxedSimd: true });
  console.log(`W1–W6 through the layers, ${threads} thread(s), median of ${reps} steps after 10 warm-up steps each, alternating`);
  for (const w of MODEL_WORKLOADS.filter((x) => /^W[1-6]b?$/.test(x.name))) {
    const steps = { plain: w.setup(plain), relaxed: w.setup(relaxed) };
    const times = { plain: [] as number[], relaxed: [] as number[] };
    for (let i = 0; i < reps + 10; i++) {
      for (const name of ['plain', 'relaxed'] as const) {
        const t = performance.now();
        steps[name]();
        if (i >= 10) times[name].push(performance.now() - t);
      }
    }
    const p = median(times.plain), r = median(times.relaxed);
    const ms = (x: number) => x.toFixed(x < 1 ? 3 : 1).padStart(7);
    console.log(`${w.name.padEnd(44)} plain ${ms(p)} ms  relaxed ${ms(r)} ms  ${(p / r).toFixed(2)}×`);
  }
  await plain.close();
  await relaxed.close();
  process.exit(0);
}
const builds = { plain: instance(variant ? new Uint8Array(readFileSync(variant)) : kernelBytes('unshared', false)), relaxed: instance(kernelBytes('unshared', true)) };
if (builds.relaxed.k.relaxedSimd() !== 1 || (!variant && builds.plain.k.relaxedSimd() !== 0)) throw new Error('relaxed-simd-lab: a module is not the build asked for');
if (variant) console.log(`"plain" below is ${variant}`);
type Inst = (typeof builds)['plain'];


/** Time `call` on both builds, alternating, `reps` times after 3 warm-ups; print the medians. */
function compare(what: string, call: (x: Inst) => void): void {
  const times = { plain: [] as number[], relaxed: [] as number[] };
  for (let i = 0; i < reps + 3; i++) {
    for (const name of ['plain', 'relaxed'] as const) {
      const t = performance.now();
      call(builds[name]);
      if (i >= 3) times[name].push(performance.now() - t);
    }
  }
  const p = median(times.plain), r = median(times.relaxed);
  console.log(`${what.padEnd(44)} plain ${p.toFixed(2).padStart(7)} ms  relaxed ${r.toFixed(2).padStart(7)} ms  ${(p / r).toFixed(2)}×`);
}

/** Fill floats [ptr, ptr + n) with a smooth deterministic pattern of amplitude `s`. */
function fill(x: Inst, ptr: number, n: number, s: number): void {
  for (let i = 0; i < n; i++) x.f[(ptr >> 2) + i] = s * Math.sin(0.37 * i + ptr);
}

const base = 1 << 20;
for (const [m, n, k] of [[576, 3926, 64], [3200, 66, 256], [3200, 1024, 64], [32, 1024, 256], [32, 2048, 512]] as const) {
  for (const x of Object.values(builds)) fill(x, base, m * k + n * k, 1);
  compare(`gemm [${m}, ${k}]·[${k}, ${n}]ᵀ`, (x) => {
    const a = base, b = a + m * k * 4, c = b + n * k * 4, bPack = c + m * n * 4;
    const aPack = bPack + x.k.packedBSize(k, n) * 4, tmp = aPack + x.k.aPackFloats() * 4;
    x.k.gemm(0, 1, m, n, k, 1, a, k, b, k, 0, c, n, bPack, aPack, tmp);
  });
}
// gemmSmallNT's dot products: batch-1 streaming (B = 1 < MR) through the recurrent forward.
const KIND = { lstm: 2, gru: 3 } as const;
for (const [name, T, B, I, H] of [['lstm', 100, 32, 64, 512], ['gru', 50, 32, 64, 256], ['lstm', 200, 1, 64, 256]] as const) {
  const G = name === 'lstm' ? 4 : 3, GH = G * H, kind = KIND[name];
  // Layout: x, W_ih, W_hh, b_ih, b_hh, h0, c0, out, hN, cN, gates, hPrev, aux, cNew, dOut, grads, scratch.
  const sizes = [T * B * I, GH * I, GH * H, GH, GH, B * H, B * H, T * B * H, B * H, B * H, T * B * GH, T * B * H, T * B * H, T * B * H,
    T * B * H, B * H, B * H, T * B * I, GH * I, GH * H, GH, GH, B * H, B * H];
  const ptr: number[] = [];
  let top = base;
  for (const s of sizes) { ptr.push(top); top += Math.ceil(s / 16) * 64; }
  const [x_, wIh, wHh, bIh, bHh, h0, c0, out, hN, cN, gates, hPrev, aux, cNew, dOut, dhN, dcN, dx, dWIh, dWHh, dBIh, dBHh, dh0, dc0] = ptr;
  for (const x of Object.values(builds)) {
    fill(x, x_, T * B * I, 1); fill(x, wIh, GH * I, 2 / Math.sqrt(I)); fill(x, wHh, GH * H, 2 / Math.sqrt(H));
    fill(x, bIh, GH, 0.1); fill(x, bHh, GH, 0.1); fill(x, h0, B * H, 0.5); fill(x, c0, B * H, 0.5); fill(x, dOut, T * B * H, 1);
  }
  const scratchAt = (x: Inst) => {
    const fs = x.k.forwardScratch(kind, T, B, I, H), bs = x.k.backwardScratch(kind, T, B, I, H);
    const scratch = top, aPack = scratch + Math.ceil(Math.max(fs, bs) / 16) * 64, tmp = aPack + x.k.aPackFloats() * 4;
    const need = tmp + 256;
    if (need > x.memory.buffer.byteLength) { x.memory.grow(Math.ceil((need - x.memory.buffer.byteLength) / 65536)); x.f = new Float32Array(x.memory.buffer); }
    return [scratch, aPack, tmp] as const;
  };
  const forward = (x: Inst) => {
    const [scratch, aPack, tmp] = scratchAt(x);
    x.k.recurrentForward(kind, T, B, I, H, x_, wIh, wHh, bIh, bHh, 0, 0, h0, c0, out, hN, cN, gates, hPrev, aux, cNew, scratch, aPack, tmp, 0, 0, 1);
  };
  compare(`${name} forward T${T} B${B} I${I} H${H}`, forward);
  if (B > 1) {
    compare(`${name} backward T${T} B${B} I${I} H${H}`, (x) => {
      const [scratch, aPack, tmp] = scratchAt(x);
      x.k.recurrentBackward(kind, T, B, I, H, x_, wIh, wHh, 0, 0, gates, hPrev, aux, cNew, dOut, dhN, dcN, dx, dWIh, dWHh, dBIh, dBHh, dh0, dc0, 0, 0,
        scratch, aPack, tmp, 0, 0, 1);
    });
  }
}
