// Linear's forward and backward against the bare matmul of the same shapes, on the wasm backend:
// what the bias costs on top of the GEMM (`node --import tsx dev/linear-bias-lab.ts`). Shapes: the
// Tatoeba translator's head [576, 64]·[64, 3926] and the char LM's head [3200, 256]·[256, 66].
import { setBackend, randn, Linear, noGrad } from '../src/index.js';

await setBackend('wasm', { threads: 1 });

/** Median milliseconds of `f` over `reps` calls after three warm-up calls. */
function median(f: () => void, reps = 20): string {
  for (let i = 0; i < 3; i++) f();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    f();
    ts.push(performance.now() - t);
  }
  ts.sort((a, b) => a - b);
  return ts[ts.length >> 1].toFixed(2);
}

for (const [m, n, k] of [[576, 3926, 64], [3200, 66, 256]]) {
  const lin = new Linear(k, n);
  const x = randn([m, k]);
  const w = randn([k, n]);
  const xg = randn([m, k], { requiresGrad: true });
  console.log(`[${m}, ${k}]·[${k}, ${n}]  linear ${median(() => noGrad(() => lin.forward(x)))} ms  matmul ${median(() => noGrad(() => x.matmul(w)))} ms  ` +
    `| with backward: linear ${median(() => lin.forward(xg).sum().backward())} ms  matmul ${median(() => xg.matmul(w).sum().backward())} ms`);
}
