import { RecurrentBase } from './recurrent-base.js';
import type { Tensor } from '../tensor/tensor.js';
import type { RecurrentOptions, RecurrentForwardOptions } from './recurrent-options.js';

/**
 * Gated recurrent unit in PyTorch's form (gate order r, z, n; the reset gate applied after the
 * hidden projection, "reset after" — Keras reset_after=True, ONNX linear_before_reset=1):
 *   r = σ(W_ir x + b_ir + W_hr h + b_hr)   z = σ(W_iz x + b_iz + W_hz h + b_hz)
 *   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
 *   h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
 *
 * @example
 * const gru = new GRU({ inputSize: 16, hiddenSize: 64, bidirectional: true });
 * const [out, hN] = gru.forward(x);  // out [T, B, 128], hN [2, B, 64]
 */
export class GRU extends RecurrentBase {
  constructor(options: RecurrentOptions) {
    super('gru', options, 'GRU');
  }

  forward(input: Tensor, h0?: Tensor | null, options: RecurrentForwardOptions = {}): [Tensor, Tensor] {
    const { out, hN } = this.run(input, h0, null, options);
    return [out, hN];
  }
}
