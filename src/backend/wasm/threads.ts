import { lazyBuiltin } from '../../platform/node-builtins.js';
import { JOB_KERNELS, SLOT_BYTES, SPIN, runJob, type JobKernel, type JobSlot, type WorkerData } from './job.js';
import type { Arena, Kernels } from './module.js';
import { WorkerError } from '../../errors.js';

const workerThreads = lazyBuiltin('worker_threads');

/**
 * The worker module, next to this one: worker.js in dist/. Run from the TypeScript sources
 * (tests and benchmarks under tsx), a worker does not inherit tsx's loader, so a one-line
 * bootstrap registers it before importing worker.ts.
 */
function workerEntry(): [URL | string, boolean] {
  if (!import.meta.url.endsWith('.ts')) return [new URL('./worker.js', import.meta.url), false];
  const tsx = import.meta.resolve('tsx/esm/api');
  const url = new URL('./worker.ts', import.meta.url).href;
  return [`import(${JSON.stringify(tsx)}).then((m) => m.register()).then(() => import(${JSON.stringify(url)}))`, true];
}

/**
 * The threads of the wasm backend: the calling (main) thread plus `threads − 1` Node worker
 * threads that share the wasm memory. `run` hands one SPMD kernel call to all of them and
 * returns when every share is done; the main thread always computes its own share (tid 0).
 * Between jobs the workers spin briefly, then sleep in Atomics.wait.
 */
export class ThreadPool {
  private seq = 0;

  private constructor(
    private readonly kernels: Kernels,
    private readonly slot: JobSlot,
    /** Address of the barrier the kernels share. */
    readonly bar: number,
    /** Threads, the main one included. */
    readonly threads: number,
    private readonly workers: { terminate(): Promise<number> }[],
  ) {}

  /** Start `threads − 1` workers on `memory` and wait until each has instantiated the kernels. */
  static async start(kernels: Kernels, module: WebAssembly.Module, arena: Arena, threads: number): Promise<ThreadPool> {
    const region = arena.resident((SLOT_BYTES + 64) / 4);
    const ptr = region.byteOffset;
    const slot: JobSlot = { ctl: new Int32Array(region.buffer, ptr, 8), args: new Float64Array(region.buffer, ptr + 32, 40) };
    const [entry, eval_] = workerEntry();
    const workers = [];
    const ready: Promise<void>[] = [];
    for (let tid = 1; tid < threads; tid++) {
      const data: WorkerData = { module, memory: arena.memory, slot: ptr, tid };
      const w = new workerThreads.Worker(entry, { workerData: data, eval: eval_ });
      w.unref();
      ready.push(new Promise<void>((resolve, reject) => {
        w.once('message', () => resolve());
        w.once('error', (e) => reject(new WorkerError(`wasm backend: worker thread ${tid} failed to start: ${String((e as Error)?.message ?? e).slice(0, 300)}`)));
        w.once('exit', (code) => reject(new WorkerError(`wasm backend: worker thread ${tid} exited with code ${code} before starting`)));
      }));
      workers.push(w);
    }
    try {
      await Promise.all(ready);
    } catch (e) {
      for (const w of workers) void w.terminate();
      throw e;
    }
    // `region` stays referenced through the pool's views, so its block is never reclaimed.
    return new ThreadPool(kernels, slot, ptr + SLOT_BYTES, threads, workers);
  }

  /** Run `kernel(...args, bar, tid, nt)` on `nt` threads (1 ≤ nt ≤ threads) and wait for all. */
  run(kernel: JobKernel, args: number[], nt: number): void {
    const fn = this.kernels[kernel] as (...a: number[]) => void;
    if (nt <= 1 || this.workers.length === 0) {
      fn(...args, this.bar, 0, 1);
      return;
    }
    const { ctl } = this.slot;
    this.slot.args.set(args);
    this.slot.args[args.length] = this.bar;
    ctl[2] = nt;
    ctl[3] = JOB_KERNELS.indexOf(kernel);
    ctl[4] = args.length + 1;
    Atomics.store(ctl, 1, 0);
    Atomics.store(ctl, 0, ++this.seq);
    Atomics.notify(ctl, 0);
    runJob(this.kernels, this.slot, 0);
    const want = this.workers.length;
    let spins = 0;
    for (let done = Atomics.load(ctl, 1); done < want; done = Atomics.load(ctl, 1)) {
      if (++spins >= SPIN) Atomics.wait(ctl, 1, done);
    }
  }

  /** Stop the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
