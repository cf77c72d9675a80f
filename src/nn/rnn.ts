import { RecurrentBase } from './recurrent-base.js';
import type { Tensor } from '../tensor/tensor.js';
import type { RNNOptions, RecurrentForwardOptions } from './recurrent-options.js';
import { checkOneOf, checkOptions } from './options-check.js';

/** The nonlinearity of RNN options: 'tanh' (the default) or 'relu'; anything else is a ValueError. */
export function rnnNonlinearity(options: RNNOptions | undefined): 'tanh' | 'relu' {
  return checkOneOf('RNN', 'nonlinearity', checkOptions('RNN', options).nonlinearity, ['tanh', 'relu'], 'tanh');
}

/**
 * The vanilla (Elman) recurrent layer, exactly as the textbook defines it:
 *   h_t = tanh(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh)     (or relu)
 * Weights are PyTorch's: weight_ih_l{k} [H, I], weight_hh_l{k} [H, H], bias_ih_l{k}, bias_hh_l{k}.
 *
 * @example
 * const rnn = new RNN({ inputSize: 8, hiddenSize: 32, batchFirst: true });
 * const [out, hN] = rnn.forward(x);            // x [B, T, 8] → out [B, T, 32], hN [1, B, 32]
 * const [o2, h2] = rnn.forward(x, h0, { lengths: [5, 3] });
 */
export class RNN extends RecurrentBase {
  readonly nonlinearity: 'tanh' | 'relu';
  constructor(options: RNNOptions) {
    super(rnnNonlinearity(options) === 'relu' ? 'rnn_relu' : 'rnn_tanh', options, 'RNN');
    this.nonlinearity = rnnNonlinearity(options);
  }

  /** input [T, B, I] (or [B, T, I] when batchFirst, or unbatched [T, I]); h0 [L·D, B, H]. */
  forward(input: Tensor, h0?: Tensor | null, options: RecurrentForwardOptions = {}): [Tensor, Tensor] {
    const { out, hN } = this.run(input, h0, null, options);
    return [out, hN];
  }
}
