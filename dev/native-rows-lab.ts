// Splitting recurrent calls by batch rows or by hidden units: each workload of
// bench/workloads/models.ts on native backends in one process, steps alternating: one thread;
// two threads splitting every call with the recurrent calls split by units; the same by rows;
// and two threads as the chooser decides, by rows. Median of 15 steps after 10 warm-up steps.
//
//   node --import tsx dev/native-rows-lab.ts [W1,W2,W2b,W3,W4,W6,LM512] [steps]
import { MODEL_WORKLOADS } from '../bench/workloads/models.js';
import { createNativeBackend } from '../src/backend/native/index.js';

const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
const steps = Number(process.argv[3] ?? 15);
for (const name of (process.argv[2] ?? 'W1,W2,W2b,W3,W4,W6,LM512').split(',')) {
  const w = MODEL_WORKLOADS.find((x) => x.name === name);
  if (!w) throw new Error(`native-rows-lab: no workload ${name}`);
  const backends = {
    one: await createNativeBackend({ threads: 1 }),
    units: await createNativeBackend({ threads: 2, minSplitWork: 0, recurrentSplit: 'units' }),
    rows: await createNativeBackend({ threads: 2, minSplitWork: 0, recurrentSplit: 'rows' }),
    chooserRows: await createNativeBackend({ threads: 2, recurrentSplit: 'rows' }),
  };
  const keys = Object.keys(backends) as (keyof typeof backends)[];
  const run = Object.fromEntries(keys.map((k) => [k, w.setup(backends[k])])) as Record<keyof typeof backends, () => void>;
  const ms: Record<string, number[]> = Object.fromEntries(keys.map((k) => [k, []]));
  for (let i = 0; i < 10 + steps; i++) {
    for (const k of keys) {
      const t0 = performance.now();
      run[k]();
      if (i >= 10) ms[k].push(performance.now() - t0);
    }
  }
  const m = Object.fromEntries(keys.map((k) => [k, median(ms[k])])) as Record<keyof typeof backends, number>;
  const cell = (k: keyof typeof backends) => `${k} ${m[k].toFixed(1).padStart(7)} ms (${(m.one / m[k]).toFixed(2)}×)`;
  console.log(`${name.padEnd(6)} one ${m.one.toFixed(1).padStart(7)} ms  ${cell('units')}  ${cell('rows')}  ${cell('chooserRows')}`);
  for (const be of Object.values(backends)) await be.close();
}
