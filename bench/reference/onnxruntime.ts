// ONNX Runtime's times on the inference workloads W5 and W6, through onnxruntime-node (a dev
// dependency). The models are PyTorch's nn.LSTM(32, 256) exported by torch_workloads.py
// --export-onnx into bench/out/cache/onnx on first use (ONNX's LSTM operator, one node):
//   W5  one step, batch 1: x [1, 1, 32], h0, c0 [1, 1, 256] -> y, hn, cn; a sample is one
//       session.run with the previous run's hn and cn fed back as h0 and c0
//   W6  the T=100, B=64 forward: x [100, 64, 32] -> y [100, 64, 256]; a sample is one session.run
// Timing as bench/main.ts: 10 warm-up runs, then at least max(7, samples) timed runs (W5: 201), the median.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runTorchScript } from './torch.js';
import { summarize, type RefResult } from './result.js';

const here = dirname(fileURLToPath(import.meta.url));
const cache = join(here, '..', 'out', 'cache', 'onnx');

export interface OnnxRuntimeOptions {
  workloads: ('W5' | 'W6')[];
  /** One session per entry, with intraOpNumThreads = threads and interOpNumThreads 1. */
  threads: number[];
  samples: number;
}

type Ort = typeof import('onnxruntime-node');

async function loadOrt(): Promise<Ort> {
  try {
    return await import('onnxruntime-node');
  } catch (e) {
    throw new Error(`bench/reference: onnxruntime-node could not be loaded (${(e as Error).message}); it is a dev dependency: run npm ci (the project .npmrc skips its CUDA download)`);
  }
}

/** w5.onnx and w6.onnx in the cache, exported by PyTorch when either is missing. */
async function models(): Promise<{ W5: string; W6: string }> {
  const m = { W5: join(cache, 'w5.onnx'), W6: join(cache, 'w6.onnx') };
  if (!existsSync(m.W5) || !existsSync(m.W6)) await runTorchScript(['--export-onnx', cache]);
  return m;
}

function rand(n: number): Float32Array {
  return Float32Array.from({ length: n }, () => Math.random() * 2 - 1);
}

/**
 * Median time of one session.run per workload and thread count (intraOpNumThreads = threads,
 * interOpNumThreads 1, all graph optimizations).
 * @example
 *   const rows = await timeOnnxRuntime({ workloads: ['W5', 'W6'], threads: [1, 2], samples: 7 });
 */
export async function timeOnnxRuntime(opts: OnnxRuntimeOptions): Promise<RefResult[]> {
  for (const w of opts.workloads) if (w !== 'W5' && w !== 'W6') throw new Error(`bench/reference: ONNX Runtime workload ${String(w)}: expected W5 or W6`);
  const ort = await loadOrt();
  const paths = await models();
  const version = `onnxruntime-node ${ort.env.versions.node ?? '?'}`;
  const results: RefResult[] = [];
  for (const workload of opts.workloads) {
    for (const threads of opts.threads) {
      const session = await ort.InferenceSession.create(paths[workload], {
        intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential', logSeverityLevel: 3,
      });
      let run: () => Promise<void>;
      if (workload === 'W5') {
        const H = 256, x = new ort.Tensor('float32', rand(32), [1, 1, 32]);
        let h = new ort.Tensor('float32', new Float32Array(H), [1, 1, H]), c = new ort.Tensor('float32', new Float32Array(H), [1, 1, H]);
        run = async () => {
          const out = await session.run({ x, h0: h, c0: c });
          h = out.hn as typeof h;
          c = out.cn as typeof c;
        };
      } else {
        const x = new ort.Tensor('float32', rand(100 * 64 * 32), [100, 64, 32]);
        run = async () => {
          await session.run({ x });
        };
      }
      for (let i = 0; i < 10; i++) await run();
      const ms: number[] = [];
      const want = Math.max(opts.samples, workload === 'W5' ? 201 : 7);
      while (ms.length < want) {
        const t0 = performance.now();
        await run();
        ms.push(performance.now() - t0);
      }
      await session.release();
      results.push({ workload, backend: 'onnxruntime', threads, ...summarize(ms), runtime: version });
    }
  }
  return results;
}
