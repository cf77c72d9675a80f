/**
 * Entry point of one training thread. The weights arrive as views of SharedArrayBuffers, so
 * the updates land directly in the main thread's matrices; the only message back is 'done'.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { trainRange, type SharedModel } from './kernel.js';

export interface WorkerTask {
  model: SharedModel;
  thread: number;
  begin: number;
  end: number;
  seed: number;
}

const task = workerData as WorkerTask;
trainRange(task.model, task.thread, task.begin, task.end, task.seed);
parentPort?.postMessage('done');
