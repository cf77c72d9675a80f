// One reference measurement, in the shape of bench/main.ts's result lines, so the two print side by side.

/** A workload's step times on a reference framework, in milliseconds. */
export interface RefResult {
  /** W1 … W6 or LM512, as bench/workloads/models.ts names them. */
  workload: string;
  backend: 'torch' | 'onnxruntime';
  /** torch.set_num_threads, or ONNX Runtime's intraOpNumThreads. */
  threads: number;
  samples: number;
  median_ms: number;
  min_ms: number;
  max_ms: number;
  /** PyTorch only: which thread pool had the threads (see torch_workloads.py --layout). */
  layout?: 'blas' | 'torch';
  /** The framework and, for PyTorch, the BLAS it ran with (read back from the process). */
  runtime: string;
}

/** Median, min and max of per-step times, the median as bench/main.ts takes it (mean of the two middle ones for an even count). */
export function summarize(ms: number[]): { samples: number; median_ms: number; min_ms: number; max_ms: number } {
  const s = [...ms].sort((a, b) => a - b), n = s.length;
  if (n === 0) throw new Error('bench/reference: no samples to summarize');
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  return { samples: n, median_ms: median, min_ms: s[0], max_ms: s[n - 1] };
}
