// PyTorch's times on the benchmark workloads: bench/reference/torch_workloads.py run once per
// thread count (a fresh interpreter each, so OpenBLAS and torch's thread pool start clean).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RefResult } from './result.js';

const here = dirname(fileURLToPath(import.meta.url));
const script = join(here, 'torch_workloads.py');

/** The workloads torch_workloads.py knows, in bench/workloads/models.ts's names. */
export const TORCH_WORKLOADS = ['W1', 'W2', 'W2b', 'W3', 'W4', 'W5', 'W6', 'LM512'] as const;

export interface TorchOptions {
  workloads: string[];
  /** One run of the script per entry: the cores PyTorch may use (see `layout`). */
  threads: number[];
  /** At least this many timed steps per workload (the script takes at least 7, and 201 for W5). */
  samples: number;
  /**
   * The folder holding OpenBLAS's libblas.so.3 (the openblas-pthread folder of the
   * libopenblas0-pthread package); 'auto' (the default) fetches it into bench/out/cache/openblas on
   * first use; 'none' runs on the system BLAS (the reference BLAS on a machine without OpenBLAS).
   */
  openblas?: string;
  /** OPENBLAS_CORETYPE (default SkylakeX, OpenBLAS's AVX-512 kernels, where the processor has AVX-512; else Haswell, its AVX2 + FMA ones). */
  coretype?: string;
  /**
   * Which of PyTorch's thread pools gets the threads: 'torch' (the default: torch.set_num_threads
   * (threads), OPENBLAS_NUM_THREADS=1, as bench/lm.ts runs it, with OMP_WAIT_POLICY=PASSIVE
   * unless set) or 'blas' (torch.set_num_threads(1), OPENBLAS_NUM_THREADS=threads, so the GEMMs
   * split instead). See torch_workloads.py.
   */
  layout?: 'blas' | 'torch';
  /** The interpreter with torch (default /usr/bin/python3, Debian's, which has torch 1.13). */
  python?: string;
}

/** The script's stdout lines (JSON objects), or an error carrying its stderr and how to fix it. */
export function runTorchScript(args: string[], python = '/usr/bin/python3'): Promise<Record<string, unknown>[]> {
  return new Promise((ok, fail) => {
    const child = spawn(python, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e: NodeJS.ErrnoException) => fail(new Error(e.code === 'ENOENT'
      ? `bench/reference: ${python} not found; PyTorch runs on Debian's python3 with torch (apt-get install python3-torch), or pass python`
      : `bench/reference: could not start ${python}: ${e.message}`)));
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`bench/reference: ${python} ${script} ${args.join(' ')} exited with ${code}:\n${err.trim()}`));
      ok(out.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>));
    });
  });
}

/**
 * Each workload's median step time on PyTorch for each thread count, run with OpenBLAS (see
 * `openblas`). Throws when python, torch or OpenBLAS are missing, with the fix in the message.
 * @example
 *   const rows = await timeTorch({ workloads: ['W2', 'W6'], threads: [1, 2], samples: 7 });
 */
export async function timeTorch(opts: TorchOptions): Promise<RefResult[]> {
  for (const w of opts.workloads) {
    if (!(TORCH_WORKLOADS as readonly string[]).includes(w)) throw new Error(`bench/reference: workload ${w}: expected one of ${TORCH_WORKLOADS.join(', ')}`);
  }
  const results: RefResult[] = [];
  for (const threads of opts.threads) {
    const args = ['--workloads', opts.workloads.join(','), '--threads', String(threads), '--samples', String(opts.samples), '--openblas', opts.openblas ?? 'auto'];
    if (opts.coretype) args.push('--coretype', opts.coretype);
    if (opts.layout) args.push('--layout', opts.layout);
    for (const r of await runTorchScript(args, opts.python)) {
      results.push({ workload: String(r.workload), backend: 'torch', threads: Number(r.threads), samples: Number(r.samples), median_ms: Number(r.median_ms),
        min_ms: Number(r.min_ms), max_ms: Number(r.max_ms), layout: r.layout === 'blas' ? 'blas' : 'torch', runtime: `torch ${String(r.torch)}, layout ${String(r.layout)} (torch.set_num_threads ${String(r.torch_threads)}${r.omp_wait_policy ? `, OMP_WAIT_POLICY ${String(r.omp_wait_policy)}` : ''}), ${String(r.blas)}` });
    }
  }
  return results;
}
