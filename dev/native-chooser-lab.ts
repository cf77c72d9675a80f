// Does the thread chooser split native calls when splitting pays? Each workload of
// bench/workloads/models.ts on three native backends in one process, steps alternating: one
// thread, two threads as the chooser decides per call, and two threads splitting every call
// (minSplitWork 0). Median of 15 steps after 10 warm-up steps each.
//
//   node --import tsx dev/native-chooser-lab.ts [W1,W2,W2b,W3,W4,W6,LM512]
import { MODEL_WORKLOADS } from '../bench/workloads/models.js';
import { createNativeBackend } from '../src/backend/native/index.js';

const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const name of (process.argv[2] ?? 'W1,W2,W2b,W3,W4,W6,LM512').split(',')) {
  const w = MODEL_WORKLOADS.find((x) => x.name === name);
  if (!w) throw new Error(`native-chooser-lab: no workload ${name}`);
  const backends = {
    one: await createNativeBackend({ threads: 1 }),
    chooser: await createNativeBackend({ threads: 2 }),
    every: await createNativeBackend({ threads: 2, minSplitWork: 0 }),
  };
  const keys = Object.keys(backends) as (keyof typeof backends)[];
  const steps = Object.fromEntries(keys.map((k) => [k, w.setup(backends[k])])) as Record<keyof typeof backends, () => void>;
  const ms: Record<string, number[]> = { one: [], chooser: [], every: [] };
  for (let i = 0; i < 25; i++) {
    for (const k of keys) {
      const t0 = performance.now();
      steps[k]();
      if (i >= 10) ms[k].push(performance.now() - t0);
    }
  }
  const [one, chooser, every] = keys.map((k) => median(ms[k]));
  console.log(`${name.padEnd(6)} one ${one.toFixed(1).padStart(7)} ms  chooser ×2 ${chooser.toFixed(1).padStart(7)} ms (${(one / chooser).toFixed(2)}×)  every call split ×2 ${every.toFixed(1).padStart(7)} ms (${(one / every).toFixed(2)}×)`);
  for (const be of Object.values(backends)) await be.close();
}
