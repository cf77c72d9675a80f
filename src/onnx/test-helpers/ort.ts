/** Running exported models in onnxruntime-node from the tests, and the 1e-5 comparison they are judged by. */
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import type { Tensor } from '../../tensor/tensor.js';
import { onnxProblems } from '../check.js';

/** A session for `bytes`, after the structural checks pass (one thread: the machine is shared). */
export async function session(bytes: Uint8Array): Promise<ort.InferenceSession> {
  assert.deepEqual(onnxProblems(bytes), [], 'the model passes the structural checks');
  return ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
}

/**
 * A float32 feed from a copy of one of our tensors (float64 data is rounded, as the exported
 * weights are): a streaming state updated in place later must not change a feed made before.
 */
export function f32(t: Tensor): ort.Tensor {
  return new ort.Tensor('float32', Float32Array.from(t.data), t.shape);
}

/** An int32 feed. */
export function i32(values: ArrayLike<number>, dims: readonly number[] = [values.length]): ort.Tensor {
  return new ort.Tensor('int32', Int32Array.from(values), dims);
}

/** Runs `s` and returns every output's data and dims by name. */
export async function run(s: ort.InferenceSession, feeds: Record<string, ort.Tensor>): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>> {
  const r = await s.run(feeds);
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, { data: v.data as Float32Array, dims: v.dims }]));
}

/** |ort − ours| ≤ 1e-5 + 1e-5·|ours| everywhere, with the same shape; the message names the first miss. */
export function assertClose(got: { data: ArrayLike<number>; dims: readonly number[] }, want: Tensor, what: string): void {
  assert.deepEqual([...got.dims], [...want.shape], `${what}: shape`);
  for (let i = 0; i < want.data.length; i++) {
    const a = got.data[i], b = want.data[i];
    if (!(Math.abs(a - b) <= 1e-5 + 1e-5 * Math.abs(b))) assert.fail(`${what}: element ${i} is ${a} in ONNX Runtime, ${b} here (shape [${want.shape.join(', ')}])`);
  }
}
