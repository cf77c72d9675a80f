// A worker thread of the wasm backend (see threads.ts): instantiates the kernels on the shared
// memory, then loops forever: wait for a job, run this thread's share, report done. It never
// returns to its event loop, and is unref'd, so it never keeps the process alive.
import { parentPort, workerData } from 'node:worker_threads';
import { SPIN, runJob, type JobSlot, type WorkerData } from './job.js';
import type { Kernels } from './module.js';

const { module, memory, slot: slotPtr, tid } = workerData as WorkerData;
const instance = await WebAssembly.instantiate(module, { env: { memory } });
const kernels = instance.exports as unknown as Kernels;
const slot: JobSlot = {
  ctl: new Int32Array(memory.buffer, slotPtr, 8),
  args: new Float64Array(memory.buffer, slotPtr + 32, 40),
};
parentPort!.postMessage('ready');
let seen = 0;
for (;;) {
  let spins = 0;
  while (Atomics.load(slot.ctl, 0) === seen) {
    if (++spins >= SPIN) Atomics.wait(slot.ctl, 0, seen);
  }
  seen = Atomics.load(slot.ctl, 0);
  runJob(kernels, slot, tid);
  Atomics.add(slot.ctl, 1, 1);
  Atomics.notify(slot.ctl, 1);
}
