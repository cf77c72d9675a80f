/** Padding utterances of different lengths into one time-major batch for the recurrent layers. */
import { ShapeError, ValueError } from '../errors.js';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import type { FeatureFrames } from './stft.js';

/**
 * Stacks B utterances of [T_b, F] frames into x [Tmax, B, F] (time-major, zeros after each
 * utterance's end) and `lengths` [B] = T_b, the form the recurrent layers take with `lengths`.
 *
 * @example
 * const { x, lengths } = featureBatch(files.map((f) => audioFeatures(toMono(f), f.sampleRate)));
 * const out = lstm.forward(x, { lengths }); // x: [Tmax, B, 39]
 */
export function featureBatch(items: readonly FeatureFrames[]): { x: Tensor; lengths: Int32Array } {
  if (items.length === 0) throw new ValueError('featureBatch: no utterances; expected at least 1');
  const F = items[0].F;
  items.forEach((it, b) => {
    if (it.F !== F) throw new ShapeError(`featureBatch: utterance ${b}`, `[T, ${F}] (the feature size of utterance 0)`, [it.T, it.F]);
    if (it.frames.length !== it.T * it.F) throw new ShapeError(`featureBatch: utterance ${b} frames`, `${it.T * it.F} values (T × F = ${it.T} × ${it.F})`, `${it.frames.length}`);
  });
  const B = items.length;
  const Tmax = Math.max(...items.map((it) => it.T));
  const data = new Float32Array(Tmax * B * F);
  items.forEach((it, b) => {
    for (let t = 0; t < it.T; t++) data.set(it.frames.subarray(t * F, (t + 1) * F), (t * B + b) * F);
  });
  return { x: tensor(data, [Tmax, B, F]), lengths: Int32Array.from(items, (it) => it.T) };
}
