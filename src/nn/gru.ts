import { RecurrentBase } from './recurrent-base.js';
import type { Tensor } from '../tensor/tensor.js';
import type { CellKind } from '../backend/backend.js';
import type { RecurrentOptions, RecurrentForwardOptions } from './recurrent-options.js';
import { checkBool, checkOptions } from './options-check.js';

/** GRU's options: the RecurrentOptions plus where the reset gate acts. */
export interface GRUOptions extends RecurrentOptions {
  /**
   * Where the reset gate acts. true (the default, PyTorch's GRU, Keras reset_after=True, ONNX
   * linear_before_reset=1): n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)). false (Keras
   * reset_after=False, the only GRU TF.js runs; ONNX linear_before_reset=0):
   * n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn). Same weights and names either way.
   */
  resetAfter?: boolean;
}

/** The cell kind of GRU options: 'gru' (resetAfter true, the default) or 'gru_reset_before'; a non-boolean resetAfter is a ValueError. */
export function gruKind(typeName: string, options: { readonly resetAfter?: boolean } | undefined): CellKind {
  return checkBool(typeName, 'resetAfter', checkOptions(typeName, options).resetAfter, true) ? 'gru' : 'gru_reset_before';
}

/**
 * Gated recurrent unit in PyTorch's form (gate order r, z, n; the reset gate applied after the
 * hidden projection, "reset after" — Keras reset_after=True, ONNX linear_before_reset=1):
 *   r = σ(W_ir x + b_ir + W_hr h + b_hr)   z = σ(W_iz x + b_iz + W_hz h + b_hz)
 *   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
 *   h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
 * With `resetAfter: false`, Keras' classic variant: n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn).
 *
 * @example
 * const gru = new GRU({ inputSize: 16, hiddenSize: 64, bidirectional: true });
 * const [out, hN] = gru.forward(x);  // out [T, B, 128], hN [2, B, 64]
 * const keras = new GRU({ inputSize: 16, hiddenSize: 64, resetAfter: false }); // TF.js's GRU
 */
export class GRU extends RecurrentBase {
  /** Whether the reset gate acts after the hidden projection (see GRUOptions.resetAfter). */
  readonly resetAfter: boolean;
  constructor(options: GRUOptions) {
    super(gruKind('GRU', options), options, 'GRU');
    this.resetAfter = this.kind === 'gru';
  }

  forward(input: Tensor, h0?: Tensor | null, options: RecurrentForwardOptions = {}): [Tensor, Tensor] {
    const { out, hN } = this.run(input, h0, null, options);
    return [out, hN];
  }
}
