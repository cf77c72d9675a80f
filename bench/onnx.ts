// Our exported models in ONNX Runtime beside our own backend, in one run:
//   node --import tsx bench/onnx.ts [--threads 1,2] [--samples N] [--json]
//
// The benchmark models of bench/workloads/models.ts, built once each and used by both sides:
//   W5  LSTM(I=32, H=256), batch 1, one streaming step per call, state carried: ours is
//       lstm.step(x, state) under noGrad; ONNX Runtime runs exportOnnx(lstm, { step: true }),
//       feeding each run's h_out and c_out back as h and c
//   W6  LSTM(I=32, H=256) forward only, B=64 T=100: ours is lstm.forward(x) under noGrad; ONNX
//       Runtime runs exportOnnx(lstm) (batch and time symbolic) on the same x
// Ours runs on the default backend (setBackend('auto'): native where its addon was built, else
// wasm) with `threads` threads; ONNX Runtime with intraOpNumThreads = threads, interOpNumThreads
// 1, all graph optimizations. Before timing, one run of each side is compared (max |Δ|).
// Timing as bench/main.ts: 10 warm-up runs, then max(7, --samples) runs (W5: at least 201), the
// median (bench/reference/result.ts summarize); the two sides alternate run for run, so both see
// the same machine load. bench/reference/onnxruntime.ts times ONNX
// Runtime on PyTorch's exports of the same shapes; this script times ours.
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { setBackend } from '../src/backend/select.js';
import { useBackend } from '../src/backend/current.js';
import type { Backend } from '../src/backend/backend.js';
import { LSTM } from '../src/nn/lstm.js';
import { tensor } from '../src/tensor/create.js';
import type { Tensor } from '../src/tensor/tensor.js';
import { noGrad } from '../src/autograd/grad-mode.js';
import { exportOnnx } from '../src/onnx/export.js';
import { summarize } from './reference/result.js';

interface Options { threads: number[]; samples: number; json: boolean }

function parseArgs(argv: string[]): Options {
  const o: Options = { threads: [1, 2], samples: 7, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') o.json = true;
    else if (a === '--threads') o.threads = argv[++i].split(',').map(Number);
    else if (a === '--samples') o.samples = Number(argv[++i]);
    else throw new Error(`bench/onnx: unknown argument ${a}; expected --threads N[,M], --samples N, --json`);
  }
  if (!o.threads.every((t) => Number.isInteger(t) && t >= 1)) throw new Error(`bench/onnx: --threads must list positive integers, got ${o.threads.join(',')}`);
  if (!(Number.isInteger(o.samples) && o.samples >= 1)) throw new Error(`bench/onnx: --samples must be a positive integer, got ${o.samples}`);
  return o;
}

function rand(shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Float32Array.from({ length: n }, () => Math.random() * 2 - 1), shape);
}

/**
 * Medians of `want` timed runs each of `a` and `b` after 10 warm-up runs each, alternating run
 * for run, so both see the same machine load.
 */
async function timePair(a: () => unknown, b: () => unknown, want: number): Promise<[ReturnType<typeof summarize>, ReturnType<typeof summarize>]> {
  for (let i = 0; i < 10; i++) {
    await a();
    await b();
  }
  const msA: number[] = [], msB: number[] = [];
  while (msA.length < want) {
    let t0 = performance.now();
    await a();
    msA.push(performance.now() - t0);
    t0 = performance.now();
    await b();
    msB.push(performance.now() - t0);
  }
  return [summarize(msA), summarize(msB)];
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

interface Row { workload: string; engine: string; threads: number; median_ms: number; min_ms: number; samples: number; max_abs_diff: number }

/** W5 on one backend and one ONNX Runtime session of as many threads. */
async function w5(be: Backend, threads: number, samples: number, engine: string): Promise<Row[]> {
  useBackend(be);
  const I = 32, H = 256;
  const lstm = new LSTM({ inputSize: I, hiddenSize: H }).eval();
  const x = rand([1, I]);
  const session = await ort.InferenceSession.create(exportOnnx(lstm, { step: true }), { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', logSeverityLevel: 3 });
  const feedX = new ort.Tensor('float32', Float32Array.from(x.data), [1, I]);
  let h: ort.Tensor = new ort.Tensor('float32', new Float32Array(H), [1, 1, H]);
  let c: ort.Tensor = new ort.Tensor('float32', new Float32Array(H), [1, 1, H]);
  // One step of each from zeros: the same output.
  const state = lstm.initState(1);
  const y = noGrad(() => lstm.step(x, state));
  const first = await session.run({ input: feedX, h, c });
  const diff = maxDiff(first.output.data as Float32Array, y.data);
  const want = Math.max(samples, 201);
  const [ours, theirs] = await timePair(() => {
    useBackend(be);
    noGrad(() => lstm.step(x, state));
  }, async () => {
    const out = await session.run({ input: feedX, h, c });
    h = out.h_out as ort.Tensor;
    c = out.c_out as ort.Tensor;
  }, want);
  await session.release();
  return [
    { workload: 'W5', engine, threads, ...ours, max_abs_diff: diff },
    { workload: 'W5', engine: 'onnxruntime', threads, ...theirs, max_abs_diff: diff },
  ];
}

/** W6 on one backend and one ONNX Runtime session of as many threads. */
async function w6(be: Backend, threads: number, samples: number, engine: string): Promise<Row[]> {
  useBackend(be);
  const T = 100, B = 64, I = 32, H = 256;
  const lstm = new LSTM({ inputSize: I, hiddenSize: H }).eval();
  const x = rand([T, B, I]);
  const session = await ort.InferenceSession.create(exportOnnx(lstm), { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', logSeverityLevel: 3 });
  const feeds = { input: new ort.Tensor('float32', Float32Array.from(x.data), [T, B, I]) };
  const [out] = noGrad(() => lstm.forward(x));
  const diff = maxDiff((await session.run(feeds)).output.data as Float32Array, out.data);
  const want = Math.max(samples, 7);
  const [ours, theirs] = await timePair(() => {
    useBackend(be);
    noGrad(() => lstm.forward(x));
  }, () => session.run(feeds), want);
  await session.release();
  return [
    { workload: 'W6', engine, threads, ...ours, max_abs_diff: diff },
    { workload: 'W6', engine: 'onnxruntime', threads, ...theirs, max_abs_diff: diff },
  ];
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const rows: Row[] = [];
  for (const threads of o.threads) {
    const be = await setBackend('auto', { threads });
    const engine = `recurrent ${be.name}`;
    rows.push(...(await w5(be, threads, o.samples, engine)), ...(await w6(be, threads, o.samples, engine)));
  }
  if (o.json) {
    for (const r of rows) process.stdout.write(JSON.stringify(r) + '\n');
    return;
  }
  const ort1 = (w: string, t: number) => rows.find((r) => r.workload === w && r.threads === t && r.engine === 'onnxruntime')!;
  process.stdout.write(`onnxruntime-node ${ort.env.versions.node ?? '?'}; medians in ms; "ours/ORT" < 1 means ours is faster\n`);
  process.stdout.write('workload  engine                threads   median      min  samples  ours/ORT  max|Δ|\n');
  for (const r of rows) {
    const ratio = r.engine === 'onnxruntime' ? '' : (r.median_ms / ort1(r.workload, r.threads).median_ms).toFixed(2);
    process.stdout.write(`${r.workload.padEnd(10)}${r.engine.padEnd(22)}${String(r.threads).padStart(7)}${r.median_ms.toFixed(3).padStart(9)}${r.min_ms.toFixed(3).padStart(9)}${String(r.samples).padStart(9)}${ratio.padStart(10)}  ${r.max_abs_diff.toExponential(1)}\n`);
  }
}

await main();
