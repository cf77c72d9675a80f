// Does relaxed SIMD's fused multiply-add pay in the GEMM micro-kernel? Builds a variant of the
// kernels whose 4×8 micro-kernel accumulates with f32x4.relaxed_madd instead of mul + add, and
// times its gemm against the shipped module's on the shapes of the text tasks (one thread, median
// of 30 calls, both modules in one process, alternating). Node 20 needs the engine flag:
//
//   node --experimental-wasm-relaxed-simd --import tsx dev/relaxed-simd-lab.ts
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kernelBytes, type Kernels } from '../src/backend/wasm/module.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const asc = join(dirname(createRequire(import.meta.url).resolve('assemblyscript/package.json')), 'bin', 'asc.js');

/** The unshared kernels with the micro-kernel's eight `c = c + a·b` written as relaxed_madd. */
function relaxedBytes(): Uint8Array<ArrayBuffer> {
  const dir = mkdtempSync(join(tmpdir(), 'relaxed-'));
  cpSync(join(root, 'assembly'), join(dir, 'assembly'), { recursive: true });
  const gemm = join(dir, 'assembly', 'gemm.ts');
  const src = readFileSync(gemm, 'utf8');
  const out = src.replace(/(c\d\d) = f32x4\.add\(\1, f32x4\.mul\(a, (b\d)\)\);/g, '$1 = f32x4.relaxed_madd(a, $2, $1);');
  const n = (out.match(/relaxed_madd/g) ?? []).length;
  if (n !== 8) throw new Error(`relaxed-simd-lab: expected 8 multiply-adds in kernel4x8, rewrote ${n}`);
  writeFileSync(gemm, out);
  const wasm = join(dir, 'k.wasm');
  const r = spawnSync(process.execPath, [asc, join(dir, 'assembly', 'index.ts'), '--outFile', wasm, '-O3', '--noAssert',
    '--enable', 'simd', '--enable', 'threads', '--enable', 'relaxed-simd', '--runtime', 'stub', '--importMemory', '--initialMemory', '1', '--maximumMemory', '32768'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('relaxed-simd-lab: asc failed');
  const bytes = new Uint8Array(readFileSync(wasm));
  rmSync(dir, { recursive: true, force: true });
  return bytes;
}

/** A module with its own memory, A, B, C and packing buffers placed for the largest shape. */
function instance(bytes: Uint8Array<ArrayBuffer>) {
  const memory = new WebAssembly.Memory({ initial: 2048, maximum: 32768 });
  const k = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as unknown as Kernels;
  return { k, memory };
}

const shapes: [number, number, number][] = [[576, 3926, 64], [3200, 66, 256], [3200, 1024, 64], [32, 1024, 256]];
const base = instance(kernelBytes('unshared'));
let relaxed: ReturnType<typeof instance>;
try {
  relaxed = instance(relaxedBytes());
} catch (e) {
  console.error(`relaxed-simd-lab: ${(e as Error).message} (run with node --experimental-wasm-relaxed-simd)`);
  process.exit(2);
}
for (const [m, n, k] of shapes) {
  const times: Record<string, number[]> = { base: [], relaxed: [] };
  const run = (name: 'base' | 'relaxed', x: ReturnType<typeof instance>) => {
    const f = new Float32Array(x.memory.buffer);
    const a = 1 << 20, b = a + m * k * 4, c = b + n * k * 4, bPack = c + m * n * 4;
    const aPack = bPack + x.k.packedBSize(k, n) * 4, tmp = aPack + x.k.aPackFloats() * 4;
    for (let i = 0; i < m * k + n * k; i++) f[(a >> 2) + i] = Math.sin(i);
    const t = performance.now();
    x.k.gemm(0, 1, m, n, k, 1, a, k, b, k, 0, c, n, bPack, aPack, tmp);
    times[name].push(performance.now() - t);
  };
  for (let i = 0; i < 33; i++) { run('base', base); run('relaxed', relaxed); }
  const med = (v: number[]) => v.slice(3).sort((p, q) => p - q)[15];
  console.log(`[${m}, ${k}]·[${k}, ${n}]ᵀ  mul+add ${med(times.base).toFixed(2)} ms  relaxed_madd ${med(times.relaxed).toFixed(2)} ms  ratio ${(med(times.base) / med(times.relaxed)).toFixed(2)}×`);
}
