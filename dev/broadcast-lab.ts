// The JavaScript elementwise kernel with a per-row operand ([3200, 65] · [3200, 1], W4's softmax
// normalisation shape) beside the same op on two full operands; median of 200 calls each. To time
// an older kernel, write it beside the current one and pass its path:
//
//   node --import tsx dev/broadcast-lab.ts
//   git show b705bd3~1:src/backend/js/elementwise.ts > src/backend/js/elementwise-old.ts
//   node --import tsx dev/broadcast-lab.ts ../src/backend/js/elementwise-old.ts; rm src/backend/js/elementwise-old.ts
import type { binary as Binary } from '../src/backend/js/elementwise.js';

const { binary } = (await import(process.argv[2] ?? '../src/backend/js/elementwise.js')) as { binary: typeof Binary };
const rows = 3200, cols = 65;
const a = new Float32Array(rows * cols).fill(1.5);
const out = new Float32Array(rows * cols);
function median(label: string, b: Float32Array, bShape: number[]): void {
  const ms: number[] = [];
  for (let r = 0; r < 200; r++) {
    const t0 = performance.now();
    binary('mul', a, [rows, cols], b, bShape, out, [rows, cols]);
    ms.push(performance.now() - t0);
  }
  ms.sort((x, y) => x - y);
  console.log(`${label.padEnd(28)} ${ms[100].toFixed(3)} ms`);
}
median(`per row [${rows},${cols}]·[${rows},1]`, new Float32Array(rows).fill(0.5), [rows, 1]);
median(`same shape [${rows},${cols}]·[${rows},${cols}]`, new Float32Array(rows * cols).fill(0.5), [rows, cols]);
