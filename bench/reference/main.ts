// The reference columns alone: `node --import tsx bench/reference/main.ts`.
//   --workloads W1,W5     of W1, W2, W2b, W3, W4, W5, W6, LM512 (default all); ONNX Runtime runs W5 and W6 of them
//   --threads 1,2         thread counts (default 1,2)
//   --samples N           at least N timed steps per workload (default 7; W5 at least 201)
//   --frameworks torch,onnxruntime   (default both)
//   --openblas DIR|auto|none         PyTorch's BLAS (see torch_workloads.py; default auto)
//   --layout blas|torch[,…]          PyTorch's thread layouts to time (see torch_workloads.py; default torch)
//   --json                one JSON object per line instead of the table
import { availableParallelism, loadavg } from 'node:os';
import { timeOnnxRuntime } from './onnxruntime.js';
import { TORCH_WORKLOADS, timeTorch } from './torch.js';
import type { RefResult } from './result.js';

function parse(argv: string[]) {
  const o = { workloads: [...TORCH_WORKLOADS] as string[], threads: [1, 2], samples: 7, frameworks: ['torch', 'onnxruntime'], openblas: 'auto', layouts: ['torch'] as ('blas' | 'torch')[], json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = () => argv[++i];
    if (a === '--workloads') o.workloads = v().split(',');
    else if (a === '--threads') o.threads = v().split(',').map(Number);
    else if (a === '--samples') o.samples = Number(v());
    else if (a === '--frameworks') o.frameworks = v().split(',');
    else if (a === '--openblas') o.openblas = v();
    else if (a === '--layout') o.layouts = v().split(',') as ('blas' | 'torch')[];
    else if (a === '--json') o.json = true;
    else throw new Error(`bench/reference: unknown argument ${a}; expected --workloads, --threads, --samples, --frameworks, --openblas or --json`);
  }
  for (const t of o.threads) if (!Number.isInteger(t) || t < 1 || t > availableParallelism()) throw new Error(`bench/reference: --threads ${t}: expected 1..${availableParallelism()}`);
  if (!Number.isInteger(o.samples) || o.samples < 1) throw new Error(`bench/reference: --samples ${o.samples}: expected a positive integer`);
  for (const l of o.layouts) if (l !== 'blas' && l !== 'torch') throw new Error(`bench/reference: --layout ${String(l)}: expected blas or torch`);
  for (const f of o.frameworks) if (f !== 'torch' && f !== 'onnxruntime') throw new Error(`bench/reference: --frameworks ${f}: expected torch or onnxruntime`);
  return o;
}

const fmtMs = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`);

async function main(): Promise<void> {
  const o = parse(process.argv.slice(2));
  const rows: RefResult[] = [];
  if (!o.json) console.log(`# ${new Date().toISOString()}  node ${process.version}  cores ${availableParallelism()}  load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  if (o.frameworks.includes('torch')) {
    for (const layout of o.layouts) {
      // one thread is the same in both layouts
      const threads = layout === o.layouts[0] ? o.threads : o.threads.filter((t) => t > 1);
      if (threads.length) rows.push(...await timeTorch({ workloads: o.workloads, threads, samples: o.samples, openblas: o.openblas, layout }));
    }
  }
  const ortWorkloads = o.workloads.filter((w): w is 'W5' | 'W6' => w === 'W5' || w === 'W6');
  if (o.frameworks.includes('onnxruntime') && ortWorkloads.length) rows.push(...await timeOnnxRuntime({ workloads: ortWorkloads, threads: o.threads, samples: o.samples }));
  if (o.json) return rows.forEach((r) => console.log(JSON.stringify(r)));
  console.log('framework       workload  median      min         max         samples');
  for (const w of o.workloads) {
    for (const r of rows.filter((x) => x.workload === w)) {
      const label = r.backend === 'torch' && r.threads > 1 ? `torch×${r.threads} ${r.layout}` : `${r.backend}×${r.threads}`;
      console.log(`${label.padEnd(15)} ${w.padEnd(9)} ${fmtMs(r.median_ms).padEnd(11)} ${fmtMs(r.min_ms).padEnd(11)} ${fmtMs(r.max_ms).padEnd(11)} ${r.samples}`);
    }
  }
  for (const runtime of new Set(rows.map((r) => r.runtime))) console.log(`# ${runtime}`);
  console.log(`# load average at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

await main();
