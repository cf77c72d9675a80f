/**
 * The front of both audio networks (AudioNet, SpeechNet): time-major frames x [T, B, F] (zero
 * padded, as `featureBatch` gives them) → dropout → LSTM/GRU with lengths → out [T, B, D·H].
 * The padded frames never reach the state: the recurrent layer stops each sequence at its length.
 */

import { dropout } from '../../ops/dropout.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { DType } from '../../tensor/dtype.js';
import type { Generator } from '../../random/generator.js';
import { ShapeError } from '../../errors.js';
import { makeRecurrent, runRecurrent, type AnyRecurrent } from '../../models/recurrent-factory.js';
import type { ClassifierCell } from '../classifier/options.js';

/** What the recurrent front reads of a network's options. */
export interface FrameRecurrentOptions {
  /** F: features per frame. */
  readonly inputSize: number;
  readonly cell: ClassifierCell;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bidirectional: boolean;
  /** Used between stacked layers only. */
  readonly dropout: number;
  readonly inputDropout: number;
}

/** The time-major recurrent layer over frames, dropout between stacked layers. */
export function makeFrameRecurrent(o: FrameRecurrentOptions, dtype: DType, g: Generator): AnyRecurrent {
  return makeRecurrent(o.cell, {
    inputSize: o.inputSize, hiddenSize: o.hiddenSize, numLayers: o.numLayers, bidirectional: o.bidirectional,
    dropout: o.numLayers > 1 ? o.dropout : 0, batchFirst: false, dtype, generator: g,
  });
}

/** x [T, B, F] checked, input dropout (training only), the recurrent layer with lengths → out [T, B, D·H] and the final state h. */
export function runFrameRecurrent(where: string, noun: string, recurrent: AnyRecurrent, o: FrameRecurrentOptions, training: boolean, g: Generator, x: Tensor, lengths: Int32Array): { out: Tensor; h: Tensor } {
  if (x.ndim !== 3 || x.shape[2] !== o.inputSize || x.shape[1] !== lengths.length) {
    throw new ShapeError(`${where}: x`, `[T, ${lengths.length}, ${o.inputSize}] (time-major frames, one length per ${noun})`, x.shape);
  }
  const { out, h } = runRecurrent(recurrent, dropout(x, o.inputDropout, training, g), null, lengths);
  return { out, h };
}
