/**
 * Per-time-step gradient norms of a recurrent layer, recorded by the fused BPTT kernels while
 * they walk the steps: no second pass and no per-step graph. A recorder is handed to one forward
 * call (`{ gradientNorms: recorder }`); the backward pass through that call's graph fills it.
 */
import { ValueError } from '../errors.js';

/** The direction of a layer: 'forward' walks t = 0 … T−1, 'reverse' (bidirectional) t = T−1 … 0. */
export type RecurrentDirection = 'forward' | 'reverse';

/**
 * The norms of one layer and direction, indexed by time t = 0 … T−1 (the reverse direction by
 * time too, not by processing order), each over the whole batch in float64:
 *
 *   hidden[t] = ‖∂L/∂h_t‖ = sqrt(Σ_b Σ_j (∂L/∂h_t[b, j])²)
 *   input[t]  = ‖∂L/∂x_t‖ = sqrt(Σ_b Σ_i (∂L/∂x_t[b, i])²)
 *
 * ∂L/∂h_t is the total gradient reaching h_t: through the layer's output at t and through step
 * t+1 (at a sequence's last step, through the final state hN). With `lengths`, a sequence adds
 * nothing at steps past its length. x is the layer's input (the model's input for layer 0, the
 * layer below's output, after dropout, above it); in a bidirectional layer `input` is the part
 * of ∂L/∂x_t that comes through this direction.
 *
 * Entries hold NaN until a backward pass has run through the forward call that recorded them.
 */
export interface GradientNormEntry {
  readonly layer: number;
  readonly direction: RecurrentDirection;
  /** ‖∂L/∂h_t‖ per step [T]. */
  readonly hidden: Float64Array;
  /**
   * ‖∂L/∂x_t‖ per step [T], or null where the input needs no gradient (layer 0 when the
   * model's input tensor does not require grad: set `x.requiresGrad = true` to get it).
   */
  readonly input: Float64Array | null;
}

/**
 * Collects ‖∂L/∂h_t‖ (and ‖∂L/∂x_t‖) for every layer and direction of one forward call of an
 * RNN, LSTM or GRU. Opt-in per call: a forward without it does no extra work; with it the
 * backward sums squares in float64 as it goes (float32 would underflow: the tanh RNN's norm at
 * the first step of the adding problem is ~1e-21 of the last step's at T = 100, and 1e-40
 * further out).
 *
 * Layout: `entries` in the order of the layer's weights, index l·D + d (D = 2 when
 * bidirectional, d = 0 forward, 1 reverse), each a {@link GradientNormEntry}. A later forward
 * call with the same recorder replaces its entries.
 *
 * Values are what the kernels compute in the model's dtype: in float32, gradients below
 * ~1e-38 lose digits and below ~1e-45 become 0 before they are squared; float64 models keep
 * the full range.
 *
 * @example
 * const rnn = new RNN({ inputSize: 2, hiddenSize: 64, numLayers: 2, bidirectional: true });
 * const norms = new GradientNormRecorder();
 * const [out] = rnn.forward(x, null, { gradientNorms: norms });   // x [T, B, 2]
 * mseLoss(head.forward(out.select(0, T - 1)), y).backward();
 * norms.get(0, 'forward').hidden;      // Float64Array [T]: ‖∂L/∂h_t‖ of layer 0, t = 0 … T−1
 * norms.get(1, 'reverse').input;       // ‖∂L/∂x_t‖ of layer 1's input through its reverse pass
 * norms.entries.length;                // 4 = numLayers · 2
 */
export class GradientNormRecorder {
  private list: GradientNormEntry[] = [];
  /** Steps T of the recorded forward call (0 before any). */
  private steps = 0;

  /** One entry per layer and direction, index layer·D + direction (see the class comment). */
  get entries(): readonly GradientNormEntry[] {
    return this.list;
  }

  /** Steps T of the forward call recorded last (0 before any). */
  get length(): number {
    return this.steps;
  }

  /** The entry of `layer` and `direction`; a ValueError names what was recorded when absent. */
  get(layer: number, direction: RecurrentDirection = 'forward'): GradientNormEntry {
    const e = this.list.find((x) => x.layer === layer && x.direction === direction);
    if (e) return e;
    const have = this.list.length ? this.list.map((x) => `${x.layer} ${x.direction}`).join(', ') : 'none (no forward call has used this recorder)';
    throw new ValueError(`GradientNormRecorder.get: no entry for layer ${layer} ${direction}; recorded: ${have}`);
  }

  /**
   * Start recording a forward call over T steps: drops earlier entries. Called by the
   * recurrent layers, not by users.
   * @internal
   */
  begin(T: number): void {
    this.list = [];
    this.steps = T;
  }

  /**
   * A new entry for `layer` and `direction`, NaN-filled, with an input array when `input`;
   * the kernels' backward fills it. Called by the recurrent layers after `begin`.
   * @internal
   */
  add(layer: number, direction: RecurrentDirection, input: boolean): GradientNormEntry {
    const T = this.steps;
    const entry: GradientNormEntry = {
      layer, direction,
      hidden: new Float64Array(T).fill(NaN),
      input: input ? new Float64Array(T).fill(NaN) : null,
    };
    this.list.push(entry);
    return entry;
  }
}
