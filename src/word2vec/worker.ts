/**
 * Entry point of one training thread. The weights arrive as views of SharedArrayBuffers, so
 * the updates land directly in the main thread's matrices; the only message back is 'done'.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { trainRange, type SharedModel } from './kernel.js';
import { trainRangeWasm } from './wasm-kernel.js';

export interface WorkerTask {
  model: SharedModel;
  thread: number;
  begin: number;
  end: number;
  seed: number;
  kernel: 'wasm' | 'js';
}

const task = workerData as WorkerTask;
(task.kernel === 'wasm' ? trainRangeWasm : trainRange)(task.model, task.thread, task.begin, task.end, task.seed);
parentPort?.postMessage('done');
