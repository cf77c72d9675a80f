import type { Arr, DType } from '../tensor/dtype.js';

/**
 * The compute interface. Ops and layers never loop over numbers themselves: they call these
 * kernels. The JavaScript backend (`src/backend/js`) is the readable reference; faster backends
 * implement the same interface and pass the same conformance suite.
 *
 * Conventions: arrays are row-major; every kernel writes its `out`/gradient arguments
 * (overwrites, never accumulates) unless its doc says "accumulate"; float32 and float64 arrays are
 * both accepted and the kernel computes in the precision of its output.
 */
export interface Backend {
  readonly name: string;

  /**
   * Optional: a zeroed array for long-lived data (parameters, optimizer moments) placed where
   * this backend's kernels read and write it in place, so no call copies it. The array is an
   * ordinary typed array to everyone else and stays valid after the backend is switched; its
   * storage is reclaimed when it is garbage-collected. Without it, `alloc` of the tensor module.
   */
  alloc?(dtype: DType, n: number): Arr;

  // ---- elementwise -------------------------------------------------------------------------
  /** out = a ∘ b with NumPy broadcasting of `aShape` and `bShape` to `outShape`. */
  binary(op: BinaryOp, a: Arr, aShape: readonly number[], b: Arr, bShape: readonly number[], out: Arr, outShape: readonly number[]): void;
  /** out = a ∘ s (or s ∘ a when `scalarFirst`). */
  binaryScalar(op: BinaryOp, a: Arr, s: number, out: Arr, scalarFirst: boolean): void;
  /** out = f(x). `param` is the exponent for 'powScalar' and the slope for 'leakyRelu'. */
  unary(op: UnaryOp, x: Arr, out: Arr, param?: number): void;
  /** gx = gy · f'(x), given the forward input x and output y. */
  unaryGrad(op: UnaryOp, x: Arr, y: Arr, gy: Arr, gx: Arr, param?: number): void;
  /** out = min(max(x, lo), hi). */
  clamp(x: Arr, lo: number, hi: number, out: Arr): void;
  /** gx = gy where lo ≤ x ≤ hi, else 0 (the gradient of clamp). */
  clampGrad(x: Arr, lo: number, hi: number, gy: Arr, gx: Arr): void;
  /**
   * Gradient of elementwise maximum/minimum on equal-length arrays: gy goes to ga where a was
   * chosen (a on ties), else to gb; the other gets 0.
   */
  pickGrad(op: 'maximum' | 'minimum', a: Arr, b: Arr, gy: Arr, ga: Arr, gb: Arr): void;
  /** Fill `out` with `value`. */
  fill(out: Arr, value: number): void;
  /** Index of the first NaN or ±Infinity in `x`, or -1. */
  firstNonFinite(x: Arr): number;

  // ---- reductions and layout ---------------------------------------------------------------
  /** Copy `src` (of `srcShape`) broadcast to `dstShape` (NumPy rules). */
  broadcastTo(src: Arr, srcShape: readonly number[], dst: Arr, dstShape: readonly number[]): void;
  /** Sum `src` (of `srcShape`) down to `dstShape`, the reverse of broadcasting. */
  sumTo(src: Arr, srcShape: readonly number[], dst: Arr, dstShape: readonly number[]): void;
  /** Reduce the middle axis of `x` viewed as [outer, n, inner] into `out` [outer, inner]; `arg` receives argmax/argmin. */
  reduceAxis(op: ReduceOp, x: Arr, outer: number, n: number, inner: number, out: Arr, arg: Int32Array | null): void;
  /** Gradient of reduceAxis max/min: gx (zeroed) receives g[o, k] at [o, arg[o, k], k]. */
  reduceAxisGrad(g: Arr, arg: Int32Array, outer: number, n: number, inner: number, gx: Arr): void;
  /** Σ x². */
  sumSquares(x: Arr): number;
  /** out = x permuted: out axis i is x axis perm[i]. */
  permute(x: Arr, shape: readonly number[], perm: readonly number[], out: Arr): void;
  /**
   * Copy a block between two arrays viewed as [outer, srcN, inner] and [outer, dstN, inner]:
   * dst[o, dstStart + j, :] (=|+=) src[o, srcStart + j, :] for j < len. Serves slice, concat, stack
   * and their gradients.
   */
  blockCopy(src: Arr, srcN: number, srcStart: number, dst: Arr, dstN: number, dstStart: number, outer: number, inner: number, len: number, accumulate: boolean): void;

  // ---- linear algebra ----------------------------------------------------------------------
  /** C = α·op(A)·op(B) + β·C on sub-arrays given by offsets and leading dimensions (BLAS sgemm). */
  gemm(g: Gemm): void;

  // ---- softmax -----------------------------------------------------------------------------
  /** Softmax (or log-softmax) over the middle axis of [outer, n, inner]. */
  softmax(x: Arr, outer: number, n: number, inner: number, out: Arr, log: boolean): void;
  /** Gradient of softmax / log-softmax given its output y. */
  softmaxGrad(y: Arr, gy: Arr, outer: number, n: number, inner: number, gx: Arr, log: boolean): void;
  /**
   * Softmax cross-entropy of each row of logits [N, C] against a class id, its loss and its
   * gradient w.r.t. the logits in one pass per row (see SoftmaxCrossEntropyArgs).
   */
  softmaxCrossEntropy(a: SoftmaxCrossEntropyArgs): void;
  /**
   * CTC loss of each sequence of log-probabilities [T, N, C] against its target, and when wanted
   * its gradient w.r.t. the log-probabilities, by the forward-backward recursion in log space
   * (see CtcLossArgs).
   */
  ctcLoss(a: CtcLossArgs): void;

  // ---- embeddings --------------------------------------------------------------------------
  /** out[i, :] = table[ids[i], :], rows of length `dim`. */
  gatherRows(table: Arr, dim: number, ids: Int32Array, out: Arr): void;
  /** gTable[ids[i], :] += g[i, :] (accumulate), skipping ids equal to `skip`. */
  scatterAddRows(g: Arr, dim: number, ids: Int32Array, gTable: Arr, skip: number): void;

  // ---- fused recurrent layers ----------------------------------------------------------------
  /** One direction of one recurrent layer over a whole sequence (see RecurrentArgs). */
  recurrentForward(a: RecurrentForwardArgs): void;
  /** Backpropagation through time for `recurrentForward`, walking the steps in reverse. */
  recurrentBackward(a: RecurrentBackwardArgs): void;

  // ---- optimizers (in place on parameter, moments) -----------------------------------------
  sgdUpdate(p: Arr, g: Arr, buf: Arr | null, o: SgdHyper): void;
  adamUpdate(p: Arr, g: Arr, m: Arr, v: Arr, vMax: Arr | null, o: AdamHyper): void;
  /** `sgdUpdate` of every parameter in `params`, in one call (one flat loop over all of them). */
  sgdUpdateMany(params: readonly SgdParam[], o: SgdGroupHyper): void;
  /** `adamUpdate` of every parameter in `params`, each at its own step, in one call. */
  adamUpdateMany(params: readonly AdamParam[], o: AdamGroupHyper): void;
  rmspropUpdate(p: Arr, g: Arr, sq: Arr, buf: Arr | null, gAvg: Arr | null, o: RmspropHyper): void;
  adagradUpdate(p: Arr, g: Arr, sum: Arr, o: AdagradHyper): void;
}

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum';
export type UnaryOp = 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'tanh' | 'sigmoid' | 'relu' | 'leakyRelu' | 'square' | 'powScalar' | 'softplus';
export type ReduceOp = 'sum' | 'max' | 'min';

export interface Gemm {
  transA: boolean;
  transB: boolean;
  /** rows of op(A) and C */
  m: number;
  /** columns of op(B) and C */
  n: number;
  /** columns of op(A) = rows of op(B) */
  k: number;
  alpha: number;
  a: Arr;
  aOffset: number;
  lda: number;
  b: Arr;
  bOffset: number;
  ldb: number;
  /** 0 overwrites C, 1 accumulates into C */
  beta: number;
  c: Arr;
  cOffset: number;
  ldc: number;
}

/**
 * The cell of a recurrent layer; G (gates per unit) is 1, 1, 4, 3, 3 respectively. 'gru' is
 * PyTorch's GRU (reset gate applied after the hidden projection: r ⊙ (W_hn h + b_hn));
 * 'gru_reset_before' is Keras' reset_after=False variant (W_hn (r ⊙ h) + b_hn), same weights.
 */
export type CellKind = 'rnn_tanh' | 'rnn_relu' | 'lstm' | 'gru' | 'gru_reset_before';

export function gatesOf(kind: CellKind): number {
  return kind === 'lstm' ? 4 : kind === 'gru' || kind === 'gru_reset_before' ? 3 : 1;
}

/**
 * Shapes (time-major): x [T, B, I], wIh [G·H, I], wHh [G·H, H], biases [G·H], h0/c0/hN/cN [B, H],
 * out [T, B, H]. Gate order is PyTorch's: LSTM i,f,g,o; GRU r,z,n.
 * With `lengths`, sequence b is active at time t only when t < lengths[b]: inactive steps output
 * zeros and leave the state unchanged, so a reverse pass starts at each sequence's own last step.
 */
export interface RecurrentShape {
  kind: CellKind;
  T: number;
  B: number;
  I: number;
  H: number;
  lengths: Int32Array | null;
  reverse: boolean;
}

/** What the forward keeps for BPTT, indexed by time t; sizes are in RecurrentSaved docs. */
export interface RecurrentSaved {
  /** Activated gates [T, B, G·H] (LSTM i,f,g,o; GRU r,z,n; RNN h_t). */
  gates: Arr;
  /** State entering each step [T, B, H]. */
  hPrev: Arr;
  /**
   * LSTM: cell state entering each step [T, B, H]; GRU: W_hn·h + b_hn [T, B, H]; GRU reset
   * before: r ⊙ h_{t−1} [T, B, H]; else null.
   */
  aux: Arr | null;
  /** LSTM: cell state after each step [T, B, H]; else null. */
  cNew: Arr | null;
}

export interface RecurrentForwardArgs extends RecurrentShape {
  x: Arr;
  wIh: Arr;
  wHh: Arr;
  bIh: Arr | null;
  bHh: Arr | null;
  h0: Arr;
  c0: Arr | null;
  out: Arr;
  hN: Arr;
  cN: Arr | null;
  /** When given, filled with what recurrentBackward needs. */
  saved: RecurrentSaved | null;
}

export interface RecurrentBackwardArgs extends RecurrentShape {
  x: Arr;
  wIh: Arr;
  wHh: Arr;
  saved: RecurrentSaved;
  /** Incoming gradients; null means zero. */
  dOut: Arr | null;
  dhN: Arr | null;
  dcN: Arr | null;
  /** Outgoing gradients (overwritten); null when not wanted. */
  dx: Arr | null;
  dWIh: Arr;
  dWHh: Arr;
  dBIh: Arr | null;
  dBHh: Arr | null;
  dh0: Arr;
  dc0: Arr | null;
  /**
   * Out (optional): per-step gradient norms, filled while the steps are walked (no second
   * pass). Absent or null: no extra work.
   */
  norms?: RecurrentGradNorms | null;
}

/**
 * Per-step gradient norms of one recurrent layer direction, indexed by time t = 0 … T−1 (a
 * reverse pass too), each a sum of squares accumulated in float64 and then its square root:
 *
 *   hidden[t] = ‖∂L/∂h_t‖ = sqrt(Σ_{b active at t} Σ_j dh_t[b, j]²)
 *   input[t]  = ‖∂L/∂x_t‖ = sqrt(Σ_b Σ_i dx[t, b, i]²)
 *
 * where dh_t is the total gradient reaching h_t: from out_t, from step t+1 and, at a sequence's
 * last step, from hN. With `lengths`, a sequence contributes nothing at steps past its length,
 * so a step where no sequence is active has norm 0. `input` is this direction's dx only (a
 * bidirectional layer's input also receives the other direction's) and is written only when
 * the call computes dx; float32 kernels square float32 gradients, exactly, in float64.
 */
export interface RecurrentGradNorms {
  /** [T], overwritten. */
  hidden: Float64Array;
  /** [T], overwritten when dx is computed, else untouched; or null. */
  input: Float64Array | null;
}

/**
 * Row n of logits x [N, C] with class id t = targets[n], row weight m = rowWeight[n] (1 without),
 * class weights w (1 without), W = Σ_c w[c], label smoothing ε, p = softmax(x[n, :]) and
 * lse = max + log Σ_c exp(x[n, c] − max):
 *
 *   loss[n]    = −(1 − ε)·w[t]·m·(x[n, t] − lse) − (ε/C)·m·Σ_c w[c]·(x[n, c] − lse)
 *   grad[n, c] = ∂loss[n]/∂x[n, c] = ((1 − ε)·w[t] + (ε/C)·W)·m·p[c] − (1 − ε)·w[t]·m·[c = t] − (ε/C)·m·w[c]
 *
 * A row is skipped (loss 0, gradient row 0, its logits never read) when t = ignoreIndex or
 * m = 0; every other t must be in [0, C) (the caller checks).
 */
export interface SoftmaxCrossEntropyArgs {
  /** Logits [N, C]. */
  x: Arr;
  N: number;
  C: number;
  /** Class id per row [N]. */
  targets: Int32Array;
  ignoreIndex: number;
  /** Per-row weights m [N] (a mask; 0 drops the row), or null for all 1. */
  rowWeight: Arr | null;
  /** Per-class weights w [C], or null for all 1. */
  classWeight: Arr | null;
  /** ε in [0, 1]. */
  labelSmoothing: number;
  /** Out: per-row losses [N]. */
  loss: Arr;
  /** Out: gradient of each row's loss w.r.t. its logits [N, C], or null when not wanted. */
  grad: Arr | null;
}

/**
 * Connectionist temporal classification (Graves et al., 2006) for sequence n of log-probabilities
 * lp [T, N, C] (time-major, a log-softmax output), with its first L_n = inputLengths[n] frames,
 * against the S_n = targetLengths[n] labels l = targets[targetOffsets[n] …]. The extended label
 * l' = (blank, l_1, blank, l_2, …, l_S, blank) has 2S+1 states; α and β include the frame's own
 * emission, as in PyTorch:
 *
 *   α_0(0) = lp[0, blank],  α_0(1) = lp[0, l'_1],
 *   α_t(s) = lp[t, l'_s] + lse(α_{t−1}(s), α_{t−1}(s−1), α_{t−1}(s−2) if l'_s ≠ blank and l'_s ≠ l'_{s−2})
 *   β_{L−1}(2S) = lp[L−1, blank],  β_{L−1}(2S−1) = lp[L−1, l'_{2S−1}],  β mirrors α backwards in time
 *   loss[n] = −lse(α_{L−1}(2S), α_{L−1}(2S−1))                (+∞ when no alignment fits)
 *   grad[t, n, c] = exp(lp[t, n, c]) − exp(lse_{s: l'_s = c}(α_t(s) + β_t(s)) + loss[n] − lp[t, n, c])   for t < L, else 0
 *
 * The gradient is PyTorch's (`ctc_loss_backward`): the −(1/p)·Σ αβ/y term is ∂loss/∂lp, and the
 * exp(lp) term makes the sum over classes zero, so passed back through log-softmax it gives the
 * exact gradient w.r.t. the logits. L = 0 gives loss 0 without target, else +∞. With
 * `zeroInfinity`, an infinite loss and its gradient become 0; without it that gradient is NaN,
 * as in PyTorch. Every label must be in [0, C) and not the blank (the caller checks), and
 * L ≤ T. Unlike the elementwise kernels, α and β stay float64 for float32 inputs: their
 * magnitude grows with L, and float32 would cost the gradient its precision on long inputs.
 */
export interface CtcLossArgs {
  /** Log-probabilities [T, N, C]. */
  logProbs: Arr;
  T: number;
  N: number;
  C: number;
  /** Labels of every sequence; sequence n's are targets[targetOffsets[n] … + targetLengths[n]]. */
  targets: Int32Array;
  /** Where each sequence's labels start in `targets` [N]. */
  targetOffsets: Int32Array;
  /** Frames of each sequence [N], each in [0, T]. */
  inputLengths: Int32Array;
  /** Labels of each sequence [N]. */
  targetLengths: Int32Array;
  /** The blank class, in [0, C). */
  blank: number;
  /** Turn infinite losses (input too short for its target) and their gradients into 0. */
  zeroInfinity: boolean;
  /** Out: the loss of each sequence [N], −log p(target | input). */
  loss: Arr;
  /** Out: ∂loss[n]/∂logProbs[t, n, c] [T, N, C] (above), or null when not wanted. */
  grad: Arr | null;
}

export interface SgdHyper {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
  /** true on the first step (the momentum buffer is initialised to the gradient) */
  firstStep: boolean;
}

/** The group's hyperparameters of `sgdUpdateMany`; `firstStep` is per parameter. */
export type SgdGroupHyper = Omit<SgdHyper, 'firstStep'>;

/** One parameter of `sgdUpdateMany`: its values, gradient and momentum buffer (null without momentum). */
export interface SgdParam {
  p: Arr;
  g: Arr;
  buf: Arr | null;
  /** true on this parameter's first step (its momentum buffer is initialised to the gradient) */
  firstStep: boolean;
}

/** The group's hyperparameters of `adamUpdateMany`; the step count is per parameter. */
export type AdamGroupHyper = Omit<AdamHyper, 'step'>;

/** One parameter of `adamUpdateMany`: values, gradient, moments, AMSGrad maximum (or null). */
export interface AdamParam {
  p: Arr;
  g: Arr;
  m: Arr;
  v: Arr;
  vMax: Arr | null;
  /** this parameter's 1-based step count, for bias correction */
  step: number;
}

export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** AdamW: decay the weights directly instead of adding weightDecay·p to the gradient */
  decoupled: boolean;
  /** 1-based step count, for bias correction */
  step: number;
}

export interface RmspropHyper {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Smoothing constant α of the squared-gradient average (default 0.99). */
  alpha: number;
  /** Added to the denominator (default 1e-8). */
  eps: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum μ (default 0). */
  momentum: number;
  /** Normalise by the variance (subtract the squared mean gradient) instead of the raw second moment (default false). */
  centered: boolean;
}

export interface AdagradHyper {
  lr: number;
  lrDecay: number;
  eps: number;
  weightDecay: number;
  step: number;
}
