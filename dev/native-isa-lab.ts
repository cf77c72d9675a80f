// The native backend's instruction sets side by side: each workload of bench/workloads/models.ts
// on every ISA build this processor runs (or those named), one thread and two, in one process,
// blocks of three timed steps alternating after one untimed step each, so the two-thread speed-up
// of the AVX-512 and AVX2 builds is compared in the same minute.
//
//   node --import tsx dev/native-isa-lab.ts [W6,W3] [avx512,avx2] [blocks]
import { performance } from 'node:perf_hooks';
import { MODEL_WORKLOADS } from '../bench/workloads/models.js';
import { createNativeBackend, nativeIsas, type NativeIsa } from '../src/backend/native/index.js';

const names = (process.argv[2] ?? 'W6,W3').split(',');
const isas = (process.argv[3]?.split(',') ?? nativeIsas()) as NativeIsa[];
const blocks = Number(process.argv[4] ?? 12);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

for (const name of names) {
  const w = MODEL_WORKLOADS.find((x) => x.name === name);
  if (!w) throw new Error(`native-isa-lab: no workload ${name}`);
  const configs: { label: string; run: () => unknown; ms: number[] }[] = [];
  for (const isa of isas) {
    for (const threads of [1, 2]) {
      const be = await createNativeBackend({ threads, isa });
      configs.push({ label: `${isa}×${threads}`, run: w.setup(be), ms: [] });
    }
  }
  for (let b = 0; b < blocks; b++) {
    for (const c of configs) {
      c.run();
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        c.run();
        c.ms.push(performance.now() - t0);
      }
    }
  }
  const cells = configs.map((c) => `${c.label} ${median(c.ms).toFixed(1)} ms`);
  const ups = isas.map((isa, i) => `${isa} ×1/×2 ${(median(configs[2 * i].ms) / median(configs[2 * i + 1].ms)).toFixed(2)}`);
  console.log(`${name}: ${cells.join('  ')}  |  ${ups.join('  ')}`);
}
