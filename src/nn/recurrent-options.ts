import type { DType } from '../tensor/dtype.js';
import type { Generator } from '../random/generator.js';
import type { GradientNormRecorder } from '../diagnostics/gradient-norms.js';
import { gatesOf, type CellKind } from '../backend/backend.js';
import { checkBool, checkDType, checkDropout, checkElements, checkInt, checkOptions, MAX_LAYERS, type ParameterShapes } from './options-check.js';

/** Options shared by RNN, LSTM and GRU, with PyTorch's names and defaults. */
export interface RecurrentOptions {
  /** Features per step of the input (I). */
  inputSize: number;
  /** Features of the hidden state (H). */
  hiddenSize: number;
  /** Stacked layers; layer k+1 reads layer k's outputs. Default 1. */
  numLayers?: number;
  /** Learn b_ih and b_hh. Default true. */
  bias?: boolean;
  /** Input and output are [B, T, F] instead of [T, B, F]. Default false. */
  batchFirst?: boolean;
  /** Dropout probability on each layer's output except the last (training only). Default 0. */
  dropout?: number;
  /** A second, reverse-time pass per layer; outputs concatenate [forward ‖ reverse]. Default false. */
  bidirectional?: boolean;
  /** Parameter dtype. Default 'float32'. */
  dtype?: DType;
  /** Random source for initialisation and dropout. Default: the global generator. */
  generator?: Generator;
}

/** Options of an {@link RNN}: the recurrent layer's, and its nonlinearity. */
export interface RNNOptions extends RecurrentOptions {
  /** h_t = tanh(…) or relu(…). Default 'tanh'. */
  nonlinearity?: 'tanh' | 'relu';
}

/** Options of a recurrent layer's `forward`, beyond the input and the initial state. */
export interface RecurrentForwardOptions {
  /**
   * Valid length of each sequence in the batch (1 ≤ length ≤ T). Outputs past a sequence's length
   * are zero and its final state is taken at its own last step (the reverse direction starts
   * there), exactly like PyTorch's pack_padded_sequence → pad_packed_sequence.
   */
  lengths?: Int32Array | readonly number[];
  /**
   * Record ‖∂L/∂h_t‖ (and ‖∂L/∂x_t‖) per step, layer and direction into this recorder when the
   * backward pass runs through this call (see GradientNormRecorder for the layout). Default
   * none: no extra work.
   */
  gradientNorms?: GradientNormRecorder;
}


/** RecurrentOptions with every default filled in (the generator aside). */
export type ResolvedRecurrentOptions = Required<Omit<RecurrentOptions, 'generator'>>;

/**
 * Checks the options of RNN, LSTM and GRU and fills in the defaults: inputSize and hiddenSize
 * integers in 1 … MAX_SIZE, numLayers in 1 … MAX_LAYERS, dropout in [0, 1), bias, batchFirst
 * and bidirectional booleans, dtype float32 or float64. ValueError names the first bad one.
 */
export function checkRecurrentOptions(typeName: string, options: RecurrentOptions | undefined): ResolvedRecurrentOptions {
  const o = checkOptions(typeName, options);
  return {
    inputSize: checkInt(typeName, 'inputSize', o.inputSize),
    hiddenSize: checkInt(typeName, 'hiddenSize', o.hiddenSize),
    numLayers: o.numLayers === undefined ? 1 : checkInt(typeName, 'numLayers', o.numLayers, { max: MAX_LAYERS }),
    bias: checkBool(typeName, 'bias', o.bias, true),
    batchFirst: checkBool(typeName, 'batchFirst', o.batchFirst, false),
    dropout: checkDropout(typeName, 'dropout', o.dropout),
    bidirectional: checkBool(typeName, 'bidirectional', o.bidirectional, false),
    dtype: checkDType(typeName, o.dtype),
  };
}

/**
 * The parameter shapes of a recurrent layer, keyed as its stateDict (PyTorch's names), without
 * allocating: per layer l and direction, weight_ih_l{l}[_reverse] [G·H, in] (in = I for l = 0,
 * D·H above), weight_hh [G·H, H] and, with bias, bias_ih and bias_hh [G·H]; G = 1 (RNN), 3 (GRU),
 * 4 (LSTM). A weight past MAX_ELEMENTS is a ResourceError.
 */
export function recurrentShapes(kind: CellKind, o: ResolvedRecurrentOptions, typeName: string): ParameterShapes {
  const GH = gatesOf(kind) * o.hiddenSize;
  const D = o.bidirectional ? 2 : 1;
  const shapes: ParameterShapes = {};
  for (let l = 0; l < o.numLayers; l++) {
    const inF = l === 0 ? o.inputSize : o.hiddenSize * D;
    for (let d = 0; d < D; d++) {
      const sfx = `_l${l}${d === 1 ? '_reverse' : ''}`;
      shapes[`weight_ih${sfx}`] = [GH, inF];
      shapes[`weight_hh${sfx}`] = [GH, o.hiddenSize];
      if (o.bias) {
        shapes[`bias_ih${sfx}`] = [GH];
        shapes[`bias_hh${sfx}`] = [GH];
      }
    }
  }
  checkElements(typeName, 'weight_ih_l0', [GH, o.inputSize]);
  checkElements(typeName, 'weight_hh_l0', [GH, o.hiddenSize]);
  if (o.numLayers > 1) checkElements(typeName, 'weight_ih_l1', [GH, o.hiddenSize * D]);
  return shapes;
}
