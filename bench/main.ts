// Benchmarks: `npm run bench` (node --import tsx bench/main.ts).
//   --workloads W1,W5     select workloads (names as printed; "matmul" selects both matmul lines)
//   --threads N[,M]       threads of the wasm backend (default 1); several values time each
//   --backends js,wasm    backends to time (default both)
//   --json                one JSON object per line instead of the table
//   --level model|kernel  W1–W6 through the library's layers (default) or straight on the kernels
// A sample is one step (train: forward + backward + Adam; inference: forward), timed after
// warm-up steps (2 on js; 10 on wasm, past the thread chooser's trials); the median of ≥ 7 samples is reported (the JS backend stops at 3 samples once
// a workload has taken 20 s). GFLOP/s counts matmul FLOPs only (2·m·n·k per GEMM).
//
// Peak memory of a step (bench/memory.ts), measured after the timed samples in a pass of its own:
// the workload is built again (on a fresh wasm backend with the same threads, whose memory then
// holds this model only), one step creates the optimizer state, then one step is measured with
// process.memoryUsage() sampled before and after every backend call (allocation happens between
// kernels, so these samples catch the peaks) and the heap collected (gc) before it:
//   heap     peak V8 heapUsed during the step minus heapUsed before the model was built (JS objects:
//            tensors, graph nodes, small typed arrays)
//   buffers  likewise for process.memoryUsage().arrayBuffers: typed-array storage outside the V8
//            heap (on js: parameters, optimizer state, activations, gradients; on wasm: what is not
//            resident: activations, gradients). The wasm memory is not counted here.
//   wasm     the wasm memory's high-water mark during the step, WasmBackend.memoryStats()
//            .peakUsedBytes after resetPeakMemory(): static data, resident parameters and optimizer
//            state, and the largest per-call scratch above them (copied operands, packing buffers)
//   peak     heap + buffers + wasm, in MiB (JSON: peak_mb, peak_heap_mb, peak_buffers_mb,
//            peak_wasm_mb, and wasm_committed_mb = the wasm memory's size after the step)
// --no-memory skips the pass.
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Backend } from '../src/backend/backend.js';
import { jsBackend } from '../src/backend/js/index.js';
import { createWasmBackend, WasmBackend } from '../src/backend/wasm/index.js';
import { KERNEL_WORKLOADS, matmulWorkload, type Workload } from './workloads/kernels.js';
import { MODEL_WORKLOADS } from './workloads/models.js';
import { measureMemory, type MemoryResult } from './memory.js';

interface Options { workloads: string[] | null; threads: number[]; backends: string[]; json: boolean; level: 'model' | 'kernel'; memory: boolean }

function parseArgs(argv: string[]): Options {
  const o: Options = { workloads: null, threads: [1], backends: ['js', 'wasm'], json: false, level: 'model', memory: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') o.json = true;
    else if (a === '--no-memory') o.memory = false;
    else if (a === '--workloads') o.workloads = argv[++i].split(',');
    else if (a === '--threads') o.threads = argv[++i].split(',').map(Number);
    else if (a === '--backends') o.backends = argv[++i].split(',');
    else if (a === '--level') {
      const l = argv[++i];
      if (l !== 'model' && l !== 'kernel') throw new Error(`bench: --level ${l}: expected model or kernel`);
      o.level = l;
    }
    else throw new Error(`bench: unknown argument ${a}; expected --workloads, --threads, --backends, --level, --json or --no-memory`);
  }
  for (const t of o.threads) {
    if (!Number.isInteger(t) || t < 1 || t > availableParallelism()) throw new Error(`bench: --threads ${t}: expected 1..${availableParallelism()}`);
  }
  return o;
}

interface Result { workload: string; backend: string; threads: number; samples: number; median_ms: number; min_ms: number; max_ms: number; gflops: number }

function time(w: Workload, be: Backend, minSamples: number): Result {
  const step = w.setup(be);
  // Steady state: the wasm backend's thread chooser tries both one and all threads on each kernel
  // during its first calls (3 + 3 per kernel and size), so it gets warm-up steps past those.
  const warmup = be.name === 'js' ? 2 : 10;
  for (let i = 0; i < warmup; i++) step();
  const ms: number[] = [];
  const start = performance.now();
  while (ms.length < 7 || ms.length < minSamples) {
    const t0 = performance.now();
    step();
    ms.push(performance.now() - t0);
    if (be.name === 'js' && ms.length >= 3 && performance.now() - start > 20_000) break;
  }
  ms.sort((a, b) => a - b);
  const median = ms.length % 2 ? ms[(ms.length - 1) / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
  return {
    workload: w.name, backend: be.name, threads: be instanceof WasmBackend ? be.threads : 1, samples: ms.length,
    median_ms: median, min_ms: ms[0], max_ms: ms[ms.length - 1], gflops: w.flops / (median * 1e6),
  };
}

function fmtMs(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const backends: Backend[] = [];
  if (o.backends.includes('js')) backends.push(jsBackend);
  if (o.backends.includes('wasm')) for (const threads of o.threads) backends.push(await createWasmBackend({ threads }));
  const all = o.level === 'kernel' ? KERNEL_WORKLOADS : [...MODEL_WORKLOADS, matmulWorkload(32, 256, 1024), matmulWorkload(3200, 32, 1024)];
  const selected = all.filter((w) => !o.workloads || o.workloads.some((s) => w.name === s || w.name.startsWith(s)));
  if (!o.json) {
    const wasm = backends.find((b): b is WasmBackend => b instanceof WasmBackend);
    console.log(`# ${new Date().toISOString()}  node ${process.version}  cores ${availableParallelism()}  load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}` +
      (wasm ? `  relaxed SIMD ${wasm.relaxedSimd ? 'available (unused)' : 'not available'}` : ''));
    console.log(`backend  workload                  median      min         max         samples  throughput        GFLOP/s  vs js   peak MiB (heap + buffers + wasm)`);
  }
  for (const w of selected) {
    let jsMedian: number | undefined;
    for (const be of backends) {
      // Short steps get more samples so the median is stable.
      const r: Result & Partial<MemoryResult> = time(w, be, w.name === 'W5' ? 201 : 7);
      if (o.level === 'kernel') r.workload += '-kernel';
      if (o.memory) Object.assign(r, await measureMemory(w, be));
      if (be.name === 'js') jsMedian = r.median_ms;
      if (o.json) {
        console.log(JSON.stringify(r));
        continue;
      }
      const thr = `${((w.items * 1000) / r.median_ms).toFixed(1)} ${w.itemsUnit}/s`;
      const ratio = jsMedian !== undefined ? `${(jsMedian / r.median_ms).toFixed(2)}×` : '';
      const label = `${be.name}${be.name === 'js' ? '' : `×${r.threads}`}`;
      const mem = r.peak_mb === undefined ? '' : `${r.peak_mb.toFixed(1)} (${r.peak_heap_mb!.toFixed(1)} + ${r.peak_buffers_mb!.toFixed(1)} + ${r.peak_wasm_mb!.toFixed(1)})`;
      console.log(`${label.padEnd(8)} ${w.name.padEnd(25)} ${fmtMs(r.median_ms).padEnd(11)} ${fmtMs(r.min_ms).padEnd(11)} ${fmtMs(r.max_ms).padEnd(11)} ${String(r.samples).padEnd(8)} ${thr.padEnd(17)} ${r.gflops.toFixed(2).padEnd(8)} ${ratio.padEnd(7)} ${mem}`);
    }
    if (!o.json) console.log(`         ${w.what}`);
  }
  if (!o.json) console.log(`# load average at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const b of backends) if (b instanceof WasmBackend) await b.close();
}

await main();
