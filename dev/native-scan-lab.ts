// firstNonFinite on the JavaScript backend and through the native addon, per call, on finite
// arrays of a few lengths (200,000 calls each after 1,000 untimed): where the addon's call
// overhead stops costing more than the JavaScript loop, which sets NativeBackend's threshold.
//
//   node --import tsx dev/native-scan-lab.ts
import { jsBackend } from '../src/backend/js/index.js';
import { loadNativeAddon } from '../src/backend/native/load.js';

const loaded = loadNativeAddon();
if (!('addon' in loaded)) throw new Error(`native-scan-lab: ${loaded.reason}`);
const addon = loaded.addon;
const h = addon.open(addon.isas()[0], 1);
for (const n of [32, 64, 128, 256, 1024]) {
  const x = new Float32Array(n).fill(0.5);
  const reps = 200_000;
  const line: string[] = [];
  for (const [name, f] of [['js', () => jsBackend.firstNonFinite(x)], ['native', () => addon.firstNonFinite(h, x)]] as const) {
    for (let i = 0; i < 1000; i++) f();
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) f();
    line.push(`${name} ${(((performance.now() - t0) * 1e6) / reps).toFixed(0)} ns`);
  }
  console.log(`n = ${n}: ${line.join(', ')}`);
}
addon.close(h);
