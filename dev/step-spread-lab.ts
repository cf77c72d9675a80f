// Where the slow steps of a workload lose their time: one workload of bench/workloads/models.ts on
// the native backend, 60 steps (20 untimed), every backend call timed; the steps sorted by time,
// and for the fastest, a few in between and the slowest, the recurrent calls, the GEMMs, Adam and
// what ran outside the backend (graph, loss, the collector's pauses).
//
//   node --import tsx dev/step-spread-lab.ts [W3] [threads]
import { MODEL_WORKLOADS } from '../bench/workloads/models.js';
import { createNativeBackend } from '../src/backend/native/index.js';
import { timedBackend } from './timed-backend.js';

const name = process.argv[2] ?? 'W3';
const threads = Number(process.argv[3] ?? 2);
const w = MODEL_WORKLOADS.find((x) => x.name === name);
if (!w) throw new Error(`step-spread-lab: no workload ${name}`);
const acc = new Map<string, number>();
const be = await createNativeBackend({ threads });
const run = w.setup(timedBackend(be, acc));
const rows: { ms: number; parts: Map<string, number> }[] = [];
for (let s = 0; s < 60; s++) {
  acc.clear();
  const t0 = performance.now();
  run();
  const ms = performance.now() - t0;
  const inside = [...acc.values()].reduce((a, b) => a + b, 0);
  if (s >= 20) rows.push({ ms, parts: new Map([...acc, ['outside', ms - inside]]) });
}
rows.sort((a, b) => a.ms - b.ms);
const keys = ['recurrentForward', 'recurrentBackward', 'gemm', 'adamUpdateMany', 'outside'];
for (const i of [0, 10, 20, 30, 35, 38, 39]) {
  const r = rows[i];
  console.log(`${name} ×${threads} #${i} ${r.ms.toFixed(1)} ms: ${keys.map((k) => `${k} ${(r.parts.get(k) ?? 0).toFixed(2)}`).join(', ')}`);
}
await be.close();
