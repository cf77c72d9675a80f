import { RecurrentBase } from './recurrent-base.js';
import type { Tensor } from '../tensor/tensor.js';
import type { RecurrentOptions, RecurrentForwardOptions } from './recurrent-options.js';

/**
 * Long short-term memory, PyTorch's gate order i, f, g, o packed in each weight:
 *   i = σ(W_ii x + b_ii + W_hi h + b_hi)   f = σ(W_if x + b_if + W_hf h + b_hf)
 *   g = tanh(W_ig x + b_ig + W_hg h + b_hg) o = σ(W_io x + b_io + W_ho h + b_ho)
 *   c_t = f ⊙ c_{t−1} + i ⊙ g              h_t = o ⊙ tanh(c_t)
 *
 * @example
 * const lstm = new LSTM({ inputSize: 1, hiddenSize: 64, numLayers: 2 });
 * const [out, [hN, cN]] = lstm.forward(x);   // x [T, B, 1]
 */
export class LSTM extends RecurrentBase {
  constructor(options: RecurrentOptions) {
    super('lstm', options, 'LSTM');
  }

  /** input [T, B, I] (or [B, T, I] when batchFirst); state [h0, c0], each [L·D, B, H]. */
  forward(input: Tensor, state?: [Tensor, Tensor] | null, options: RecurrentForwardOptions = {}): [Tensor, [Tensor, Tensor]] {
    const { out, hN, cN } = this.run(input, state?.[0], state?.[1], options);
    return [out, [hN, cN as Tensor]];
  }
}
