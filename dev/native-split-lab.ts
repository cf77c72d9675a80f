// Where a native training step spends its time, kernel by kernel, on one thread and on two:
// W3 / W4 / W6 of bench/workloads/models.ts with every backend call timed (median over steps of
// the per-step sum for each kernel), so a poor two-thread speed-up can be traced to its kernel.
//
//   node --import tsx dev/native-split-lab.ts [W3,W4,W6] [steps]
import { MODEL_WORKLOADS } from '../bench/workloads/models.js';
import { createNativeBackend } from '../src/backend/native/index.js';
import { timedBackend } from './timed-backend.js';

const names = (process.argv[2] ?? 'W3,W4,W6').split(',');
const steps = Number(process.argv[3] ?? 15);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const name of names) {
  const w = MODEL_WORKLOADS.find((x) => x.name === name)!;
  const rows = new Map<string, number[][]>();
  for (const threads of [1, 2]) {
    const be = await createNativeBackend({ threads });
    const acc = new Map<string, number>();
    const step = w.setup(timedBackend(be, acc));
    for (let i = 0; i < 10; i++) step();
    const per = new Map<string, number[]>();
    const total: number[] = [];
    for (let i = 0; i < steps; i++) {
      acc.clear();
      const t0 = performance.now();
      step();
      total.push(performance.now() - t0);
      for (const [k, v] of acc) (per.get(k) ?? per.set(k, []).get(k)!).push(v);
    }
    (per.get('(step)') ?? per.set('(step)', []).get('(step)')!).push(...total);
    for (const [k, v] of per) (rows.get(k) ?? rows.set(k, [[], []]).get(k)!)[threads - 1] = v;
    await be.close();
  }
  console.log(`${name}: ${w.what}`);
  const list = [...rows].map(([k, [a, b]]) => [k, a.length ? median(a) : 0, b?.length ? median(b) : 0] as const).sort((x, y) => y[1] - x[1]);
  for (const [k, a, b] of list) console.log(`  ${k.padEnd(22)} ×1 ${a.toFixed(2).padStart(8)} ms   ×2 ${b.toFixed(2).padStart(8)} ms   ${(a / b).toFixed(2)}×`);
}
