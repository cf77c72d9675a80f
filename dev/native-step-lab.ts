// Where a native training step spends its time on one thread and on two, call by call: W3 / W4
// (or any workload of bench/workloads/models.ts) on three native backends in one process, steps
// alternating — one thread, two threads as the chooser decides, two threads splitting every call
// (minSplitWork 0) — with every backend call timed and keyed by kernel and shape (a GEMM by
// m×n×k and transposes, a recurrent call by direction), so the parts of a step that do not
// split show up with their size. Medians over steps of each key's per-step sum.
//
//   node --import tsx dev/native-step-lab.ts [W3,W4] [steps]
import { MODEL_WORKLOADS } from '../bench/workloads/models.js';
import type { Gemm } from '../src/backend/backend.js';
import { createNativeBackend } from '../src/backend/native/index.js';
import { timedBackend } from './timed-backend.js';

const names = (process.argv[2] ?? 'W3,W4').split(',');
const steps = Number(process.argv[3] ?? 20);

/** The key a call is timed under: its kernel, and for a GEMM its shape. */
function keyOf(prop: string, args: unknown[]): string {
  if (prop === 'gemm') {
    const g = args[0] as Gemm;
    return `gemm ${g.transA ? 'T' : 'N'}${g.transB ? 'T' : 'N'} ${g.m}×${g.n}×${g.k}`;
  }
  if (prop === 'binary') return `binary ${String(args[0])} [${args[2]}] [${args[4]}]`;
  if (prop === 'firstNonFinite' || prop === 'sumTo' || prop === 'broadcastTo') return `${prop} ${(args[0] as ArrayLike<number>).length}`;
  return prop;
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[xs.length >> 1] : 0);
for (const name of names) {
  const w = MODEL_WORKLOADS.find((x) => x.name === name);
  if (!w) throw new Error(`native-step-lab: no workload ${name}`);
  const configs = [
    { label: '×1', be: await createNativeBackend({ threads: 1 }) },
    { label: '×2 chooser', be: await createNativeBackend({ threads: 2 }) },
    { label: '×2 every', be: await createNativeBackend({ threads: 2, minSplitWork: 0 }) },
  ];
  const accs = configs.map(() => new Map<string, number>());
  const runs = configs.map((c, i) => w.setup(timedBackend(c.be, accs[i], keyOf)));
  const per = configs.map(() => new Map<string, number[]>());
  for (let s = 0; s < 10 + steps; s++) {
    for (let i = 0; i < configs.length; i++) {
      accs[i].clear();
      const t0 = performance.now();
      runs[i]();
      const ms = performance.now() - t0;
      if (s < 10) continue;
      const sum = [...accs[i].values()].reduce((a, b) => a + b, 0);
      accs[i].set('(step)', ms);
      accs[i].set('(outside the backend)', ms - sum);
      for (const [k, v] of accs[i]) (per[i].get(k) ?? per[i].set(k, []).get(k)!).push(v);
    }
  }
  console.log(`${name}: ${w.what}`);
  const keys = [...per[0].keys()].sort((a, b) => median(per[0].get(b)!) - median(per[0].get(a)!));
  console.log(`  ${'call'.padEnd(30)}${configs.map((c) => c.label.padStart(12)).join('')}   ratios`);
  for (const k of keys) {
    const m = per.map((p) => median(p.get(k) ?? []));
    if (m[0] < 0.05) continue;
    console.log(`  ${k.padEnd(30)}${m.map((x) => `${x.toFixed(2)} ms`.padStart(12)).join('')}   ${m.slice(1).map((x) => `${(m[0] / x).toFixed(2)}×`).join(' ')}`);
  }
  for (const c of configs) await c.be.close();
}
