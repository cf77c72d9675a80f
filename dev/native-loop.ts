// One workload of bench/workloads/models.ts on the native backend, on a given number of
// threads, step after step with nothing else in the process: the program to run under
// `perf record` when comparing where one thread and two spend their time on the same work.
//
//   perf record -o /tmp/w6x1.data node --import tsx dev/native-loop.ts W6 1 60
//   perf record -o /tmp/w6x2.data node --import tsx dev/native-loop.ts W6 2 60
//   perf report -i /tmp/w6x1.data --no-children --sort sym -n
import { performance } from 'node:perf_hooks';
import { MODEL_WORKLOADS } from '../bench/workloads/models.js';
import { createNativeBackend } from '../src/backend/native/index.js';

const name = process.argv[2] ?? 'W6';
const threads = Number(process.argv[3] ?? 1);
const steps = Number(process.argv[4] ?? 40);
const w = MODEL_WORKLOADS.find((x) => x.name === name);
if (!w) throw new Error(`native-loop: no workload ${name}`);
const run = w.setup(await createNativeBackend({ threads }));
for (let i = 0; i < 3; i++) run();
const t0 = performance.now();
for (let i = 0; i < steps; i++) run();
console.log(`${name} ×${threads}: ${((performance.now() - t0) / steps).toFixed(1)} ms a step over ${steps} steps`);
