import { Tensor } from '../tensor/tensor.js';
import { alloc } from '../tensor/dtype.js';
import { fmtShape } from '../tensor/shape.js';
import { backend } from '../backend/current.js';
import { needsGrad, record } from '../autograd/record.js';
import { empty } from '../ops/util.js';
import { ShapeError, ValueError } from '../errors.js';
import type { Reduction } from './reduction.js';

/** Options of {@link ctcLoss}, as `torch.nn.functional.ctc_loss`'s. */
export interface CtcLossOptions {
  /** The class that means "no label here" (default 0, as PyTorch). */
  blank?: number;
  /**
   * 'mean' (default): each sequence's loss divided by its target length (at least 1), then the
   * mean over the batch, as PyTorch; 'sum': the sum of the losses; 'none': the losses [N].
   */
  reduction?: Reduction;
  /**
   * Replace infinite losses (an input too short for its target) and their gradients by 0
   * (default false: the loss is +∞ and its gradient NaN, as PyTorch).
   */
  zeroInfinity?: boolean;
}

/**
 * Connectionist temporal classification loss with PyTorch's semantics
 * (`torch.nn.functional.ctc_loss`): the negative log-probability of each target over all the
 * alignments of its labels, blanks and repeats to the input frames.
 *
 *   loss_n = −log Σ_{π ∈ B⁻¹(l_n)} Π_{t < L_n} p_t(π_t)
 *
 * where B removes repeats then blanks. Shapes: logProbs [T, N, C], time-major, the output of a
 * log-softmax over C (classes including the blank); targets either padded [N, S] (row n's first
 * targetLengths[n] labels count) or all targets concatenated [Σ targetLengths] (as a 1-D tensor or
 * an Int32Array of that length); inputLengths [N] in [0, T]; targetLengths [N]. An Int32Array
 * `targets` is read as padded [N, S] when its length is a multiple N·S that is not Σ
 * targetLengths (when it is both, every target has length S and the two layouts agree).
 *
 * The α-β recursion in log space runs in one fused backend kernel (`Backend.ctcLoss`), which
 * also computes the gradient; the forward keeps it for the backward. The gradient is PyTorch's:
 * exact w.r.t. the logits under the log-softmax (see CtcLossArgs). An input of length 0 has loss
 * 0 for an empty target and +∞ otherwise (torch 1.13 reads its first frame anyway).
 *
 * @example
 * // logits [T, N, C] from a recurrent layer and a linear head; labels 1 … C−1, blank 0
 * const logProbs = logits.logSoftmax(-1);
 * const loss = ctcLoss(logProbs, Int32Array.of(3, 1, 4, 1, 5, 0), Int32Array.of(50, 42), Int32Array.of(3, 2));
 * loss.backward();
 */
export function ctcLoss(logProbs: Tensor, targets: Int32Array | Tensor, inputLengths: Int32Array, targetLengths: Int32Array, options: CtcLossOptions = {}): Tensor {
  const where = 'ctcLoss';
  const blank = options.blank ?? 0;
  const reduction: Reduction = options.reduction ?? 'mean';
  const zeroInfinity = options.zeroInfinity ?? false;
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new ValueError(`${where}: reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
  }
  if (logProbs.ndim !== 3) throw new ShapeError(`${where}: logProbs`, '[T, N, C]', logProbs.shape, 'log-probabilities are time-major: [time, batch, classes]');
  const [T, N, C] = logProbs.shape;
  if (!Number.isInteger(blank) || blank < 0 || blank >= C) throw new ValueError(`${where}: blank must be a class id in [0, ${C - 1}], got ${blank}`);
  if (inputLengths.length !== N) throw new ShapeError(`${where}: inputLengths`, [N], [inputLengths.length], 'one length per sequence of the batch');
  if (targetLengths.length !== N) throw new ShapeError(`${where}: targetLengths`, [N], [targetLengths.length], 'one length per sequence of the batch');
  for (let n = 0; n < N; n++) {
    if (inputLengths[n] < 0 || inputLengths[n] > T) throw new ValueError(`${where}: inputLengths[${n}] = ${inputLengths[n]} is out of range: expected 0 … T = ${T}`);
    if (targetLengths[n] < 0) throw new ValueError(`${where}: targetLengths[${n}] = ${targetLengths[n]} is negative`);
  }
  const { labels, offsets } = targetLayout(where, targets, targetLengths, N);
  checkLabels(where, labels, offsets, targetLengths, C, blank);

  const loss = ctcLossKernel(logProbs, labels, offsets, inputLengths, targetLengths, blank, zeroInfinity); // [N]
  if (reduction === 'none') return loss;
  if (reduction === 'sum') return loss.sum();
  // PyTorch's mean: each loss over its target length (clamped to 1), then over the batch
  const divisor = alloc(logProbs.dtype, N);
  for (let n = 0; n < N; n++) divisor[n] = Math.max(targetLengths[n], 1);
  return loss.div(new Tensor(divisor, [N])).mean();
}

/**
 * Per-sequence losses [N] through the fused backend kernel. The forward keeps the kernel's
 * gradient ∂loss[n]/∂logProbs [T, N, C]; the backward scales sequence n's by the incoming g[n].
 */
function ctcLossKernel(lp: Tensor, targets: Int32Array, targetOffsets: Int32Array, inputLengths: Int32Array, targetLengths: Int32Array, blank: number, zeroInfinity: boolean): Tensor {
  const [T, N, C] = lp.shape;
  const loss = empty(lp, [N]);
  const grad = needsGrad(lp) ? empty(lp, [T, N, C]) : null; // saved for backward
  backend().ctcLoss({ logProbs: lp.data, T, N, C, targets, targetOffsets, inputLengths, targetLengths, blank, zeroInfinity, loss, grad });
  const out = new Tensor(loss, [N]);
  record('ctcLoss', [lp], [out], ([g]) => {
    const gx = empty(lp, [T, N, C]);
    backend().binary('mul', grad!, [T, N, C], g!, [1, N, 1], gx, [T, N, C]);
    return [gx];
  });
  return out;
}

/** The labels as one array and where each sequence's start, from padded or concatenated targets. */
function targetLayout(where: string, targets: Int32Array | Tensor, targetLengths: Int32Array, N: number): { labels: Int32Array; offsets: Int32Array } {
  let total = 0, longest = 0;
  for (let n = 0; n < N; n++) {
    total += targetLengths[n];
    longest = Math.max(longest, targetLengths[n]);
  }
  let labels: Int32Array;
  let padded: boolean;
  if (targets instanceof Tensor) {
    if (targets.ndim !== 1 && targets.ndim !== 2) throw new ShapeError(`${where}: targets`, `[N, S] (padded) or [${total}] (concatenated)`, targets.shape);
    labels = new Int32Array(targets.size);
    for (let i = 0; i < labels.length; i++) {
      const v = targets.data[i];
      if (!Number.isInteger(v)) throw new ValueError(`${where}: target ${v} at flat position ${i} is not an integer class id`);
      labels[i] = v;
    }
    padded = targets.ndim === 2;
    if (padded && targets.shape[0] !== N) throw new ShapeError(`${where}: targets`, `[${N}, S]`, targets.shape, 'one row of labels per sequence');
    if (!padded && targets.size !== total) throw new ShapeError(`${where}: concatenated targets`, [total], targets.shape, `the sum of targetLengths is ${total}`);
  } else {
    labels = targets;
    padded = labels.length !== total;
    if (padded && (N === 0 || labels.length % N !== 0)) {
      throw new ShapeError(`${where}: targets`, `${total} labels (concatenated) or N·S with S ≥ ${longest} (padded [N, S], N = ${N})`, `${labels.length} labels`);
    }
  }
  const offsets = new Int32Array(N);
  if (padded) {
    const S = N === 0 ? 0 : labels.length / N;
    if (longest > S) throw new ShapeError(`${where}: padded targets`, `[${N}, S] with S ≥ ${longest} (the longest target length)`, fmtShape([N, S]));
    for (let n = 0; n < N; n++) offsets[n] = n * S;
  } else {
    for (let n = 1; n < N; n++) offsets[n] = offsets[n - 1] + targetLengths[n - 1];
  }
  return { labels, offsets };
}

/** Every counted label is a class id in [0, C) other than the blank. */
function checkLabels(where: string, labels: Int32Array, offsets: Int32Array, targetLengths: Int32Array, C: number, blank: number): void {
  for (let n = 0; n < offsets.length; n++) {
    for (let j = 0; j < targetLengths[n]; j++) {
      const v = labels[offsets[n] + j];
      if (v < 0 || v >= C || v === blank) {
        throw new ValueError(`${where}: label ${v} at position ${j} of target ${n} is not a class id in [0, ${C - 1}] other than the blank ${blank}`);
      }
    }
  }
}
