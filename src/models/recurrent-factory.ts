import type { Tensor } from '../tensor/tensor.js';
import { RNN } from '../nn/rnn.js';
import { LSTM } from '../nn/lstm.js';
import { GRU } from '../nn/gru.js';
import type { RNNOptions } from '../nn/recurrent-options.js';
import type { RecurrentBase } from '../nn/recurrent-base.js';
import type { DType } from '../tensor/dtype.js';
import type { Generator } from '../random/generator.js';

/** Which recurrent layer a model uses. */
export type CellType = 'rnn' | 'lstm' | 'gru';

/** Options shared by the sequence models (each model reads batch-first [B, T, I] input). */
export interface SequenceModelOptions {
  /** 'rnn' (vanilla), 'lstm' or 'gru'. Default 'lstm'. */
  cell?: CellType;
  inputSize: number;
  hiddenSize: number;
  /** Features of each prediction: 1 for a forecast, C for C-class logits. */
  outputSize: number;
  numLayers?: number;
  bidirectional?: boolean;
  dropout?: number;
  /** For cell 'rnn': tanh (default) or relu. */
  nonlinearity?: 'tanh' | 'relu';
  dtype?: DType;
  generator?: Generator;
}

export type AnyRecurrent = RNN | LSTM | GRU;

export function makeRecurrent(cell: CellType, options: RNNOptions): AnyRecurrent {
  if (cell === 'lstm') return new LSTM(options);
  if (cell === 'gru') return new GRU(options);
  return new RNN(options);
}

/** Run any recurrent layer; the state is h (RNN, GRU) or [h, c] (LSTM), each [L·D, B, H]. */
export function runRecurrent(
  layer: AnyRecurrent,
  x: Tensor,
  state: Tensor | [Tensor, Tensor] | null,
  lengths?: Int32Array | readonly number[],
): { out: Tensor; h: Tensor; c: Tensor | null } {
  const opts = lengths ? { lengths } : {};
  if (layer instanceof LSTM) {
    const [out, [h, c]] = layer.forward(x, state as [Tensor, Tensor] | null, opts);
    return { out, h, c };
  }
  const [out, h] = layer.forward(x, state as Tensor | null, opts);
  return { out, h, c: null };
}

/** The last layer's final state of every direction, concatenated: hN [L·D, B, H] → [B, D·H]. */
export function lastLayerState(layer: RecurrentBase, hN: Tensor): Tensor {
  const D = layer.numDirections;
  const L = layer.numLayers;
  const B = hN.shape[1];
  return hN.slice(0, (L - 1) * D, L * D).transpose(0, 1).reshape([B, D * layer.hiddenSize]);
}
