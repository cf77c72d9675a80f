import type { DType } from '../tensor/dtype.js';
import type { Generator } from '../random/generator.js';

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

export interface RNNOptions extends RecurrentOptions {
  /** h_t = tanh(…) or relu(…). Default 'tanh'. */
  nonlinearity?: 'tanh' | 'relu';
}

export interface RecurrentForwardOptions {
  /**
   * Valid length of each sequence in the batch (1 ≤ length ≤ T). Outputs past a sequence's length
   * are zero and its final state is taken at its own last step (the reverse direction starts
   * there), exactly like PyTorch's pack_padded_sequence → pad_packed_sequence.
   */
  lengths?: Int32Array | readonly number[];
}
