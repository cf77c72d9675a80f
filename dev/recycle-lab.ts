// Recycled saved arrays (src/autograd/recycle.ts) against fresh ones on the native backend, one
// thread and two: each workload of bench/workloads/models.ts in one process, the four configs
// taking turns in blocks of a few steps (the first of each block untimed). "fresh" empties the
// pool before every step, so each forward allocates its saved arrays anew, as before recycling.
// Median step time and the collector's work per timed step (major + minor collections, ms).
//
//   node --import tsx dev/recycle-lab.ts [W2b,W3,W4] [rounds] [block]
import { PerformanceObserver } from 'node:perf_hooks';
import { MODEL_WORKLOADS } from '../bench/workloads/models.js';
import { createNativeBackend } from '../src/backend/native/index.js';
import { clearRecycled } from '../src/autograd/recycle.js';

const names = (process.argv[2] ?? 'W2b,W3,W4').split(',');
const rounds = Number(process.argv[3] ?? 4);
const block = Number(process.argv[4] ?? 6);
const steps = rounds * (block - 1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

// GC entries land in the config whose step was running.
let current = -1;
const gc: { major: number; minor: number; ms: number; kinds: Map<number, number> }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (current < 0) continue;
    const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
    const g = gc[current];
    if (kind === 1) g.minor++; // NODE_PERFORMANCE_GC_MINOR
    else g.major++;
    g.kinds.set(kind ?? 0, (g.kinds.get(kind ?? 0) ?? 0) + e.duration);
    g.ms += e.duration;
  }
}).observe({ entryTypes: ['gc'] });

for (const name of names) {
  const w = MODEL_WORKLOADS.find((x) => x.name === name);
  if (!w) throw new Error(`recycle-lab: no workload ${name}`);
  const one = await createNativeBackend({ threads: 1 }), two = await createNativeBackend({ threads: 2 });
  const configs = [
    { label: '×1 recycled', be: one, fresh: false }, { label: '×1 fresh', be: one, fresh: true },
    { label: '×2 recycled', be: two, fresh: false }, { label: '×2 fresh', be: two, fresh: true },
  ];
  const runs = configs.map((c) => w.setup(c.be));
  const ms = configs.map((): number[] => []);
  gc.length = 0;
  configs.forEach(() => gc.push({ major: 0, minor: 0, ms: 0, kinds: new Map() }));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < configs.length; i++) {
      clearRecycled();
      for (let s = 0; s < block; s++) {
        if (configs[i].fresh) clearRecycled();
        current = s > 0 ? i : -1;
        const t0 = performance.now();
        runs[i]();
        if (s > 0) ms[i].push(performance.now() - t0);
        await new Promise((res) => setImmediate(res)); // let the GC observer report
        current = -1;
      }
    }
  }
  const m = ms.map(median);
  const line = configs.map((c, i) => `${c.label} ${m[i].toFixed(1)} ms (gc ${(gc[i].major / steps).toFixed(1)}+${(gc[i].minor / steps).toFixed(1)}/step, ${(gc[i].ms / steps).toFixed(1)} ms)`).join('  ');
  if (process.env.GC_KINDS) for (const [i, c] of configs.entries()) console.log(`  ${c.label} gc ms by kind: ${[...gc[i].kinds].map(([k, v]) => `${k}: ${v.toFixed(1)}`).join(', ')}`);
  console.log(`${name}  ${line}  ×2/×1: recycled ${(m[0] / m[2]).toFixed(2)}, fresh ${(m[1] / m[3]).toFixed(2)}`);
  await one.close();
  await two.close();
}
