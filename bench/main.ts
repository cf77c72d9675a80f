// Benchmarks: `npm run bench` (node --import tsx bench/main.ts).
//   --workloads W1,W5     select workloads (names as printed; "matmul" selects both matmul lines)
//   --threads N[,M]       threads of the wasm and native backends (default 1 and every core); several values time each
//   --backends js,wasm,native  backends to time (default all three; native where its addon was built)
//   --reference           also time PyTorch (W1–W6, LM512) and onnxruntime-node (W5, W6) on the same
//                         threads, in this run (bench/reference; needs /usr/bin/python3 with torch)
//   --json                one JSON object per line instead of the table
//   --level model|kernel  W1–W6 through the library's layers (default) or straight on the kernels
//   --samples N           at least N samples per workload (default 7; W5 201)
//   --size                only the browser bundle check: sizes of the entries bundled for the browser (bench/bundle-size.ts)
// A sample is one step (train: forward + backward + Adam; inference: forward), timed after
// warm-up steps (2 on js; on wasm and native 10, past the thread chooser's trials, and at least
// 1 s); the median of ≥ 7 samples (on wasm and native also ≥ 1 s of them) is reported (the JS
// backend stops at 3 samples once a workload has taken 20 s). GFLOP/s counts matmul FLOPs only (2·m·n·k per GEMM).
// W2-fit is W2 trained through `fit` with a progress callback; its sample is the time from one
// onStep call to the next. A raw W2 step runs between each two (timed apart, not counted in the
// fit sample), so the line under the row compares the two medians under the same machine load.
// W1-norms and W2-norms are W1 and W2 with a GradientNormRecorder on every forward (the BPTT
// kernels also record ‖∂L/∂h_t‖ per step), timed step for step in alternation with the plain W1
// and W2 steps; the line under the row gives the ratio of the two medians.
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
//
// G1 and G32 (bench/lm/generation.ts): generation with the README's character language model,
// in tokens per second (tok/s): one streaming step and one draw per token, batch 1 and 32
// samples side by side.
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Backend } from '../src/backend/backend.js';
import { jsBackend } from '../src/backend/js/index.js';
import { createWasmBackend, WasmBackend } from '../src/backend/wasm/index.js';
import { createNativeBackend, NativeBackend, nativeUnavailableReason } from '../src/backend/native/index.js';
import { KERNEL_WORKLOADS, matmulWorkload, type InterleavedWorkload, type Workload } from './workloads/kernels.js';
import { MODEL_WORKLOADS } from './workloads/models.js';
import { measureMemory, type MemoryResult } from './memory.js';
import { generationWorkload } from './lm/generation.js';

interface Options { workloads: string[] | null; threads: number[]; backends: string[]; json: boolean; level: 'model' | 'kernel'; memory: boolean; samples: number; reference: boolean }

function parseArgs(argv: string[]): Options {
  const cores = availableParallelism();
  const o: Options = { workloads: null, threads: cores > 1 ? [1, cores] : [1], backends: ['js', 'wasm', 'native'], json: false, level: 'model', memory: true, samples: 7, reference: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') o.json = true;
    else if (a === '--reference') o.reference = true;
    else if (a === '--no-memory') o.memory = false;
    else if (a === '--workloads') o.workloads = argv[++i].split(',');
    else if (a === '--threads') o.threads = argv[++i].split(',').map(Number);
    else if (a === '--backends') o.backends = argv[++i].split(',');
    else if (a === '--samples') {
      o.samples = Number(argv[++i]);
      if (!Number.isInteger(o.samples) || o.samples < 1) throw new Error(`bench: --samples ${argv[i]}: expected a positive integer`);
    }
    else if (a === '--level') {
      const l = argv[++i];
      if (l !== 'model' && l !== 'kernel') throw new Error(`bench: --level ${l}: expected model or kernel`);
      o.level = l;
    }
    else throw new Error(`bench: unknown argument ${a}; expected --workloads, --threads, --backends, --samples, --level, --reference, --json or --no-memory`);
  }
  for (const t of o.threads) {
    if (!Number.isInteger(t) || t < 1 || t > availableParallelism()) throw new Error(`bench: --threads ${t}: expected 1..${availableParallelism()}`);
  }
  return o;
}

interface Result { workload: string; backend: string; threads: number; samples: number; median_ms: number; min_ms: number; max_ms: number; gflops: number }

// Steady state: the wasm backend's thread chooser tries both one and all threads on each kernel
// during its first calls (3 + 3 per kernel and size), so it gets warm-up steps past those.
const warmupSteps = (be: Backend) => (be.name === 'js' ? 2 : 10);
// On the compiled backends a short step keeps getting faster for a second or so after its first
// ten (V8 tiering the layer code up, the collector settling to the step's allocation rate, on the
// same cores as the kernel threads; W6 on two threads at 81dfc0c, dev/step-trend-lab.ts: 17–26 ms
// a step over steps 10–25, 17–18 ms from then on), so warm-up also lasts at least this long, and sampling too, so the median of a
// 20 ms step is not the median of 7 samples that one collection can move.
const steadyMs = (be: Backend) => (be.name === 'js' ? 0 : 1000);

function time(w: Workload, be: Backend, minSamples: number): Result {
  const step = w.setup(be);
  const warmup = warmupSteps(be), steady = steadyMs(be);
  const warmStart = performance.now();
  for (let i = 0; i < warmup || performance.now() - warmStart < steady; i++) step();
  const ms: number[] = [];
  const start = performance.now();
  while (ms.length < 7 || ms.length < minSamples || performance.now() - start < steady) {
    const t0 = performance.now();
    step();
    ms.push(performance.now() - t0);
    if (be.name === 'js' && ms.length >= 3 && performance.now() - start > 20_000) break;
  }
  return summarize(w, be, ms);
}

const isInterleaved = (w: Workload): w is InterleavedWorkload => 'timeSteps' in w;

/** A workload timed against its baseline interleaved with it (W2-fit: per-step times from onStep timestamps). */
async function timeInterleaved(w: InterleavedWorkload, be: Backend, minSamples: number): Promise<{ steps: Result; baseline: Result }> {
  const { steps, baseline } = await w.timeSteps(be, warmupSteps(be), Math.max(7, minSamples));
  return { steps: summarize(w, be, steps), baseline: summarize(w, be, baseline) };
}

function summarize(w: Workload, be: Backend, ms: number[]): Result {
  ms.sort((a, b) => a - b);
  const median = ms.length % 2 ? ms[(ms.length - 1) / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
  return {
    workload: w.name, backend: be.name, threads: (be as { threads?: number }).threads ?? 1, samples: ms.length,
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
  if (o.backends.includes('native')) {
    const why = nativeUnavailableReason();
    if (why) console.error(`bench: native backend skipped: ${why}`);
    else for (const threads of o.threads) backends.push(await createNativeBackend({ threads }));
  }
  const all = o.level === 'kernel' ? KERNEL_WORKLOADS : [...MODEL_WORKLOADS, matmulWorkload(32, 256, 1024), matmulWorkload(3200, 32, 1024), generationWorkload(1), generationWorkload(32)];
  const selected = all.filter((w) => !o.workloads || o.workloads.some((s) => w.name === s || w.name.startsWith(s)));
  if (!o.json) {
    const wasm = backends.find((b): b is WasmBackend => b instanceof WasmBackend);
    console.log(`# ${new Date().toISOString()}  node ${process.version}  cores ${availableParallelism()}  load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}` +
      (wasm ? `  relaxed SIMD ${wasm.relaxedSimd ? 'used' : 'not available'}` : '') +
      (backends.find((b): b is NativeBackend => b instanceof NativeBackend) ? `  native ${(backends.find((b) => b instanceof NativeBackend) as NativeBackend).isa}` : ''));
    console.log(`backend  workload                  median      min         max         samples  throughput        GFLOP/s  vs js   peak MiB (heap + buffers + kernel memory)`);
  }
  /** Medians by workload and backend label, for the fit rows' ratio to their baseline. */
  const medians = new Map<string, number>();
  for (const w of selected) {
    let jsMedian: number | undefined;
    const ratios: string[] = [];
    for (const be of backends) {
      // Short steps get more samples so the median is stable.
      const minSamples = Math.max(o.samples, w.name === 'W5' || /^G\d/.test(w.name) ? 201 : 7);
      const timed = isInterleaved(w) ? await timeInterleaved(w, be, minSamples) : null;
      const r: Result & Partial<MemoryResult> & { baseline_median_ms?: number; vs_baseline?: number } = timed ? timed.steps : time(w, be, minSamples);
      if (o.level === 'kernel') r.workload += '-kernel';
      // the memory pass runs a setup step; an interleaved workload has none
      if (o.memory && !isInterleaved(w)) Object.assign(r, await measureMemory(w, be));
      if (be.name === 'js') jsMedian = r.median_ms;
      const label = `${be.name}${be.name === 'js' ? '' : `×${r.threads}`}`;
      medians.set(`${w.name} ${label}`, r.median_ms);
      if (timed && isInterleaved(w)) {
        const base = timed.baseline.median_ms;
        r.baseline_median_ms = base;
        r.vs_baseline = r.median_ms / base;
        const earlier = medians.get(`${w.baseline} ${label}`);
        ratios.push(`${label}: ${fmtMs(r.median_ms)} against ${fmtMs(base)} for ${w.baseline} steps interleaved with it, ${r.vs_baseline.toFixed(3)}×` +
          (earlier === undefined ? '' : ` (against the ${w.baseline} row: ${(r.median_ms / earlier).toFixed(3)}×)`));
      }
      if (o.json) {
        console.log(JSON.stringify(r));
        continue;
      }
      const thr = `${((w.items * 1000) / r.median_ms).toFixed(1)} ${w.itemsUnit}/s`;
      const ratio = jsMedian !== undefined ? `${(jsMedian / r.median_ms).toFixed(2)}×` : '';
      const mem = r.peak_mb === undefined ? '' : `${r.peak_mb.toFixed(1)} (${r.peak_heap_mb!.toFixed(1)} + ${r.peak_buffers_mb!.toFixed(1)} + ${(r.peak_wasm_mb! + r.peak_native_mb!).toFixed(1)})`;
      console.log(`${label.padEnd(8)} ${w.name.padEnd(25)} ${fmtMs(r.median_ms).padEnd(11)} ${fmtMs(r.min_ms).padEnd(11)} ${fmtMs(r.max_ms).padEnd(11)} ${String(r.samples).padEnd(8)} ${thr.padEnd(17)} ${r.gflops.toFixed(2).padEnd(8)} ${ratio.padEnd(7)} ${mem}`);
    }
    if (!o.json) console.log(`         ${w.what}${ratios.length && isInterleaved(w) ? `\n         per step ${w.comparison}: ${ratios.join('; ')}` : ''}`);
  }
  for (const b of backends) if (b instanceof WasmBackend || b instanceof NativeBackend) await b.close();
  if (o.reference && o.level === 'model') await reference(o, selected.map((w) => w.name), medians);
  if (!o.json) console.log(`# load average at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

/**
 * PyTorch (W1–W6, LM512) and onnxruntime-node (W5, W6) on the same workloads and thread counts,
 * after ours in the same run, then the ratios the native backend is judged by: its time over
 * PyTorch's on one thread and on two, over onnxruntime's best for W5 and W6, and its own speed-up
 * from one thread to two.
 */
async function reference(o: Options, names: string[], medians: Map<string, number>): Promise<void> {
  const { timeTorch, TORCH_WORKLOADS } = await import('./reference/torch.js');
  const { timeOnnxRuntime } = await import('./reference/onnxruntime.js');
  const torchNames = names.filter((n) => (TORCH_WORKLOADS as readonly string[]).includes(n));
  const ortNames = names.filter((n): n is 'W5' | 'W6' => n === 'W5' || n === 'W6');
  const refs = [
    ...(torchNames.length ? await timeTorch({ workloads: torchNames, threads: o.threads, samples: o.samples }) : []),
    ...(ortNames.length ? await timeOnnxRuntime({ workloads: ortNames, threads: o.threads, samples: o.samples }) : []),
  ];
  for (const r of refs) medians.set(`${r.workload} ${r.backend}×${r.threads}`, r.median_ms);
  if (o.json) {
    for (const r of refs) console.log(JSON.stringify(r));
  } else {
    console.log('# reference frameworks, same workloads, after ours');
    for (const r of refs) {
      console.log(`${`${r.backend === 'onnxruntime' ? 'ort' : r.backend}×${r.threads}`.padEnd(8)} ${r.workload.padEnd(25)} ${fmtMs(r.median_ms).padEnd(11)} ${fmtMs(r.min_ms).padEnd(11)} ${fmtMs(r.max_ms).padEnd(11)} ${String(r.samples).padEnd(8)} ${r.runtime}`);
    }
  }
  const ratio = (a?: number, b?: number) => (a === undefined || b === undefined ? '–' : (a / b).toFixed(2));
  const rows = torchNames.map((n) => {
    const nat = (t: number) => medians.get(`${n} native×${t}`);
    const row: Record<string, string> = { workload: n };
    for (const t of o.threads) row[`native×${t} / torch×${t}`] = ratio(nat(t), medians.get(`${n} torch×${t}`));
    const ort = Math.min(...o.threads.map((t) => medians.get(`${n} onnxruntime×${t}`) ?? Infinity));
    if (Number.isFinite(ort)) row['native (best) / ort (best)'] = ratio(Math.min(...o.threads.map((t) => nat(t) ?? Infinity)), ort);
    if (o.threads.length > 1) row[`native×1 / native×${o.threads.at(-1)}`] = ratio(nat(1), nat(o.threads.at(-1)!));
    return row;
  });
  if (o.json) {
    for (const r of rows) console.log(JSON.stringify({ event: 'ratios', ...r }));
    return;
  }
  console.log('# ratios (time over time; below 1 is faster than the reference)');
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  console.log(cols.map((c) => c.padEnd(c === 'workload' ? 9 : c.length + 2)).join(''));
  for (const r of rows) console.log(cols.map((c) => (r[c] ?? '').padEnd(c === 'workload' ? 9 : c.length + 2)).join(''));
}

// --size: the browser bundle check (bench/bundle-size.ts) instead of the timings.
if (process.argv.includes('--size')) await (await import('./bundle-size.js')).main(process.argv.slice(2).filter((a) => a !== '--size'));
else await main();
