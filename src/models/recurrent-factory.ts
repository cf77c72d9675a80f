import type { Tensor } from '../tensor/tensor.js';
import { RNN } from '../nn/rnn.js';
import { LSTM } from '../nn/lstm.js';
import { GRU, gruKind, type GRUOptions } from '../nn/gru.js';
import { ValueError } from '../errors.js';
import { checkRecurrentOptions, recurrentShapes, type RNNOptions } from '../nn/recurrent-options.js';
import { checkOneOf, checkOptions, type ParameterShapes } from '../nn/options-check.js';
import type { CellKind } from '../backend/backend.js';
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
  /** For cell 'gru': where the reset gate acts (see GRUOptions.resetAfter). Default true. */
  resetAfter?: boolean;
  dtype?: DType;
  generator?: Generator;
}

/** Any of the three recurrent layers, as the models hold them. */
export type AnyRecurrent = RNN | LSTM | GRU;

/** The cell types a model accepts. */
/** Every recurrent cell a sequence model can use. */
export const CELL_TYPES: readonly CellType[] = ['rnn', 'lstm', 'gru'];
const CELLS = CELL_TYPES;

/** `cell` checked against 'rnn' | 'lstm' | 'gru' (undefined gives `fallback`); ValueError otherwise. */
export function checkCell(where: string, cell: unknown, fallback: CellType): CellType {
  return checkOneOf(where, 'cell', cell, CELLS, fallback);
}

/**
 * Checks the recurrent part of a model's options (cell, nonlinearity and the RNN options, as
 * `where`'s) and returns its parameter shapes, its hidden size and its directions.
 */
export function recurrentPart(where: string, options: Record<string, unknown>, fallback: CellType): { shapes: ParameterShapes; hiddenSize: number; directions: number } {
  const cell = checkCell(where, options.cell, fallback);
  const nonlinearity = checkOneOf(where, 'nonlinearity', options.nonlinearity, ['tanh', 'relu'], 'tanh');
  if (cell !== 'gru' && options.resetAfter !== undefined) throw new ValueError(`${where}: resetAfter applies to cell 'gru' only, got cell '${cell}'`);
  const kind: CellKind = cell === 'rnn' ? (nonlinearity === 'relu' ? 'rnn_relu' : 'rnn_tanh') : cell === 'gru' ? gruKind(where, options as unknown as GRUOptions) : cell;
  const o = checkRecurrentOptions(where, { ...(options as unknown as RNNOptions), batchFirst: true });
  return { shapes: recurrentShapes(kind, o, where), hiddenSize: o.hiddenSize, directions: o.bidirectional ? 2 : 1 };
}

/** The recurrent layer of `cell` ('rnn', 'lstm' or 'gru'; anything else is a ValueError). */
export function makeRecurrent(cell: CellType, options: RNNOptions): AnyRecurrent {
  checkOptions('makeRecurrent', options);
  const checked = checkCell('makeRecurrent', cell, 'lstm');
  if (checked === 'lstm') return new LSTM(options);
  if (checked === 'gru') return new GRU(options);
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
