// Two builds of the native addon side by side: each workload of bench/workloads/models.ts on
// both, one thread and two, in one process, steps alternating (A×1, B×1, A×2, B×2), so a kernel
// change is measured against its parent on the same noisy host in the same minute. Build the
// parent, copy native/build/Release/recurrent_native.node aside, build the change, then:
//
//   node --import tsx dev/native-ab-lab.ts A.node B.node [W2b,W3,W4,W6] [steps]
//
// Prints the median step of each and the ratios B/A (time) and ×1/×2 (speed-up) per build.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { MODEL_WORKLOADS } from '../bench/workloads/models.js';
import { NativeBackend } from '../src/backend/native/index.js';
import type { NativeAddon } from '../src/backend/native/addon-types.js';

const [fileA, fileB] = [process.argv[2], process.argv[3]];
if (!fileA || !fileB) throw new Error('usage: native-ab-lab.ts A.node B.node [workloads] [steps]');
const names = (process.argv[4] ?? 'W2b,W3,W4,W6').split(',');
const steps = Number(process.argv[5] ?? 20);
const require = createRequire(import.meta.url);
const addons = [fileA, fileB].map((f) => require(resolve(f)) as NativeAddon);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

for (const name of names) {
  const w = MODEL_WORKLOADS.find((x) => x.name === name);
  if (!w) throw new Error(`native-ab-lab: no workload ${name}`);
  const configs = [1, 2].flatMap((nt) => addons.map((addon, i) => ({ label: `${'AB'[i]}×${nt}`, be: new NativeBackend(addon, addon.open(addon.isas()[0], nt)) })));
  const runs = configs.map((c) => w.setup(c.be));
  const ms = configs.map((): number[] => []);
  for (let s = 0; s < 5 + steps; s++) {
    for (let i = 0; i < configs.length; i++) {
      const t0 = performance.now();
      runs[i]();
      if (s >= 5) ms[i].push(performance.now() - t0);
    }
  }
  const [a1, b1, a2, b2] = ms.map(median);
  console.log(`${name}  A×1 ${a1.toFixed(1)}  B×1 ${b1.toFixed(1)} (${(b1 / a1).toFixed(3)})  A×2 ${a2.toFixed(1)}  B×2 ${b2.toFixed(1)} (${(b2 / a2).toFixed(3)})  ×1/×2: A ${(a1 / a2).toFixed(2)}, B ${(b1 / b2).toFixed(2)}`);
  for (const c of configs) await c.be.close();
}
