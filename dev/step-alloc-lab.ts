// Fresh typed-array memory per step: each workload of bench/workloads/models.ts on the native
// backend (two threads), 5 steps to warm up, then every typed array or ArrayBuffer of at least
// 4 KiB constructed during 4 steps, grouped by size and the three calls that made it, largest
// total first, and the MB a step in all. That memory's growth is what starts the collector's
// concurrent marking, which on two cores runs beside the kernel threads.
//
//   node --import tsx dev/step-alloc-lab.ts [W3,W4] [rows]
const names = (process.argv[2] ?? 'W3,W4').split(',');
const rows = Number(process.argv[3] ?? 12);
const log = new Map<string, number>();
let counting = false;
// Wrap the constructors before the library is loaded, so every `new Float32Array(n)` goes through here.
for (const name of ['Float32Array', 'Float64Array', 'Int32Array', 'Uint8Array', 'ArrayBuffer'] as const) {
  const Orig = (globalThis as Record<string, unknown>)[name] as new (...args: unknown[]) => { byteLength: number };
  (globalThis as Record<string, unknown>)[name] = new Proxy(Orig, {
    construct(target, args, newTarget) {
      const made = Reflect.construct(target, args, newTarget) as { byteLength: number; buffer?: ArrayBuffer };
      // A view on an existing buffer allocates nothing.
      const view = args[0] instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && args[0] instanceof SharedArrayBuffer);
      if (counting && !view && made.byteLength >= 4096) {
        const where = new Error().stack!.split('\n').slice(2, 5).map((s) => s.trim().replace(/^at /, '').replace(/\(.*\/(src|bench)\//, '($1/')).join(' < ');
        const key = `${name} ${made.byteLength} ${where}`;
        log.set(key, (log.get(key) ?? 0) + 1);
      }
      return made;
    },
  });
}
// Copies made by slice() (a leaf's first gradient, say) do not go through the constructors.
for (const T of [Float32Array, Float64Array]) {
  const proto = T.prototype as unknown as { slice: (...args: unknown[]) => { byteLength: number } };
  const slice = proto.slice;
  proto.slice = function (this: unknown, ...args: unknown[]) {
    const made = slice.apply(this, args);
    if (counting && made.byteLength >= 4096) {
      const where = new Error().stack!.split('\n').slice(2, 5).map((s) => s.trim().replace(/^at /, '').replace(/\(.*\/(src|bench)\//, '($1/')).join(' < ');
      const key = `${T.name}.slice ${made.byteLength} ${where}`;
      log.set(key, (log.get(key) ?? 0) + 1);
    }
    return made;
  };
}
const { MODEL_WORKLOADS } = await import('../bench/workloads/models.js');
const { createNativeBackend } = await import('../src/backend/native/index.js');
const steps = 4;
for (const name of names) {
  const w = MODEL_WORKLOADS.find((x) => x.name === name);
  if (!w) throw new Error(`step-alloc-lab: no workload ${name}`);
  const be = await createNativeBackend({ threads: 2 });
  const run = w.setup(be);
  for (let i = 0; i < 5; i++) run();
  log.clear();
  counting = true;
  for (let i = 0; i < steps; i++) run();
  counting = false;
  const bytes = (k: string) => Number(k.split(' ')[1]);
  const all = [...log].sort((a, b) => bytes(b[0]) * b[1] - bytes(a[0]) * a[1]);
  const total = all.reduce((s, [k, n]) => s + bytes(k) * n, 0) / steps;
  console.log(`${name}: ${(total / 1e6).toFixed(1)} MB of fresh typed arrays a step`);
  for (const [k, n] of all.slice(0, rows)) console.log(`  ${(n / steps).toFixed(2)}× ${k}`);
  await be.close();
}
