// Every step's time from a cold start: one workload of bench/workloads/models.ts on a fresh
// native backend, `steps` steps, each printed, so the warm-up (V8 tiering the layer code up, the
// collector settling) shows, and how long it lasts.
//
//   node --import tsx dev/step-trend-lab.ts [W6] [threads] [steps]
import { MODEL_WORKLOADS } from '../bench/workloads/models.js';
import { createNativeBackend } from '../src/backend/native/index.js';

const name = process.argv[2] ?? 'W6';
const threads = Number(process.argv[3] ?? 2);
const steps = Number(process.argv[4] ?? 40);
const w = MODEL_WORKLOADS.find((x) => x.name === name);
if (!w) throw new Error(`step-trend-lab: no workload ${name}`);
const be = await createNativeBackend({ threads });
const run = w.setup(be);
const ms: number[] = [];
for (let i = 0; i < steps; i++) {
  const t0 = performance.now();
  run();
  ms.push(performance.now() - t0);
}
for (let i = 0; i < steps; i += 10) console.log(`${name} ×${threads} steps ${i}–${Math.min(steps, i + 10) - 1}: ${ms.slice(i, i + 10).map((x) => x.toFixed(1)).join(' ')} ms`);
await be.close();
