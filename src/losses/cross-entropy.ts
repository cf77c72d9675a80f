import { Tensor } from '../tensor/tensor.js';
import { fmtShape, sameShape, stridesOf } from '../tensor/shape.js';
import type { Arr } from '../tensor/dtype.js';
import { backend } from '../backend/current.js';
import { needsGrad, record } from '../autograd/record.js';
import { empty } from '../ops/util.js';
import { recycle, takeGradient, takeRecycled } from '../autograd/recycle.js';
import { ShapeError, ValueError } from '../errors.js';
import { checkFinite, expandMask, type Reduction, type ReductionOptions } from './reduction.js';
import { zeroMasked } from './masked-fill.js';

/** Options of {@link crossEntropy}, as `torch.nn.functional.cross_entropy`'s. */
export interface CrossEntropyOptions extends ReductionOptions {
  /** Targets equal to this id contribute nothing, to the loss or to 'mean''s divisor (default −100, as PyTorch). */
  ignoreIndex?: number;
  /** ε in [0, 1]: the target distribution is (1 − ε)·onehot + ε/C (default 0). */
  labelSmoothing?: number;
  /** Per-class weights w [C] (constant); 'mean' then divides by Σ w[target] (default all 1). */
  classWeight?: Tensor;
}

/**
 * Cross-entropy between logits and class ids, with PyTorch's exact semantics
 * (`torch.nn.functional.cross_entropy`) except that the class dim is the last one:
 * logits [..., C] (e.g. [B, T, V]) and targets [...] (e.g. [B, T]).
 *
 *   logp = logSoftmax(x),   r_n = w[t_n] · m_n   (0 where t_n = ignoreIndex)
 *   l_n = −(1 − ε) · w[t_n] · logp[n, t_n] − (ε / C) · Σ_c w[c] · logp[n, c]   (0 where ignored)
 *   none: m ⊙ l     sum: Σ_n m_n l_n     mean: Σ_n m_n l_n / Σ_n r_n
 *
 * Without a mask or class weights, 'mean' divides by the number of non-ignored targets; with a
 * mask m (shape of the targets, or a leading part of it), by Σ m over non-ignored targets
 * (times their class weights). Dropped rows skip the target range check and may hold NaN.
 * If every target is ignored or masked, 'mean' is NaN (0/0), as in PyTorch.
 * The per-row losses and their gradient come from one fused backend kernel
 * (`Backend.softmaxCrossEntropy`); the forward keeps the gradient for the backward.
 *
 * @example
 * // logits [B, T, V], targets [B, T] with padding marked by -100
 * const loss = crossEntropy(logits, targets, { ignoreIndex: -100, labelSmoothing: 0.1 });
 */
export function crossEntropy(logits: Tensor, targets: Int32Array | Tensor, options: CrossEntropyOptions = {}): Tensor {
  const where = 'crossEntropy';
  const reduction: Reduction = options.reduction ?? 'mean';
  const ignoreIndex = options.ignoreIndex ?? -100;
  const eps = options.labelSmoothing ?? 0;
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new ValueError(`${where}: reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
  }
  if (!(eps >= 0 && eps <= 1)) throw new ValueError(`${where}: labelSmoothing must be in [0, 1], got ${eps}`);
  if (logits.ndim < 1) throw new ShapeError(`${where}: logits`, '[..., C]', logits.shape);
  const C = logits.shape[logits.ndim - 1];
  const rowShape = logits.shape.slice(0, -1); // [...]
  const N = logits.size / Math.max(C, 1);
  const ids = targetIds(where, targets, rowShape, N);

  // mask over rows [N] (1 without one); rows it drops are treated like ignored ones
  const rowMask = expandMask(where, options.mask, rowShape, logits.dtype);
  const w = classWeights(where, options.classWeight, C);
  const divisor = checkTargets(where, ids, C, ignoreIndex, rowMask?.data ?? null, w, rowShape);

  // x [N, C], with dropped rows zeroed so NaN padding cannot leak into the loss or gradients
  let x = logits.reshape([N, C]);
  if (rowMask) x = zeroMasked(x, expandMask(where, rowMask.reshape([N]), [N, C], logits.dtype)!);
  checkFinite(where, 'logits', x);
  const loss = softmaxCrossEntropy(x, ids, ignoreIndex, rowMask?.data ?? null, w, eps); // [N]
  if (reduction === 'none') return loss.reshape(rowShape);
  if (reduction === 'sum') return loss.sum();
  return loss.sum().div(divisor);
}

/**
 * Per-row losses [N] of logits x [N, C] through the fused backend kernel. The forward keeps the
 * kernel's gradient ∂loss[n]/∂x[n, :] [N, C]; the backward scales its rows by the incoming g [N].
 */
function softmaxCrossEntropy(x: Tensor, targets: Int32Array, ignoreIndex: number, rowWeight: Arr | null, classWeight: Arr | null, labelSmoothing: number): Tensor {
  const [N, C] = x.shape;
  const be = backend();
  const loss = empty(x, [N]);
  // Saved for backward, which alone reads it; the kernel writes every row (ignored ones as zeros).
  const grad = needsGrad(x) ? takeRecycled(x.dtype, N * C) : null;
  be.softmaxCrossEntropy({ x: x.data, N, C, targets, ignoreIndex, rowWeight, classWeight, labelSmoothing, loss, grad });
  const out = new Tensor(loss, [N]);
  record('crossEntropy', [x], [out], ([g]) => {
    const gx = takeGradient(x.dtype, N * C); // written whole
    backend().binary('mul', grad!, [N, C], g!, [N, 1], gx, [N, C]);
    return [gx];
  }, () => recycle(grad));
  return out;
}

/** Class ids as an Int32Array of N, checking shape and integrality. */
function targetIds(where: string, targets: Int32Array | Tensor, rowShape: readonly number[], N: number): Int32Array {
  if (targets instanceof Tensor) {
    if (!sameShape(targets.shape, rowShape)) {
      throw new ShapeError(`${where}: targets`, rowShape, targets.shape, `logits [..., C] need targets of shape [...] = ${fmtShape(rowShape)}`);
    }
    const ids = new Int32Array(N);
    const bad = copyIntegers(targets.data, ids);
    if (bad >= 0) throw new ValueError(`${where}: target ${targets.data[bad]} at position ${fmtPos(bad, rowShape)} is not an integer class id`);
    return ids;
  }
  if (targets.length !== N) {
    throw new ShapeError(`${where}: targets`, `${N} class ids (shape ${fmtShape(rowShape)})`, `${targets.length} ids`);
  }
  return targets;
}

/** ids[i] = v[i] for integer values; returns the first non-integer position, or −1. */
function copyIntegers(v: Arr, ids: Int32Array): number {
  for (let i = 0; i < v.length; i++) {
    if (!Number.isInteger(v[i])) return i;
    ids[i] = v[i];
  }
  return -1;
}

function classWeights(where: string, w: Tensor | undefined, C: number): Arr | null {
  if (!w) return null;
  if (!sameShape(w.shape, [C])) throw new ShapeError(`${where}: classWeight`, [C], w.shape, 'one weight per class');
  checkFinite(where, 'classWeight', w);
  return w.data;
}

/**
 * Check every counted target (not ignoreIndex, mask not 0) is a class id in [0, C) and return
 * the divisor of 'mean': Σ_n w[t_n]·m_n over counted rows.
 */
function checkTargets(where: string, ids: Int32Array, C: number, ignoreIndex: number, mask: Arr | null, w: Arr | null, rowShape: readonly number[]): number {
  let divisor = 0;
  for (let n = 0; n < ids.length; n++) {
    const t = ids[n];
    const m = mask ? mask[n] : 1;
    if (t === ignoreIndex || m === 0) continue;
    if (t < 0 || t >= C) {
      throw new ValueError(`${where}: target ${t} at position ${fmtPos(n, rowShape)} is out of range: expected a class id in [0, ${C - 1}] or ignoreIndex ${ignoreIndex}`);
    }
    divisor += (w ? w[t] : 1) * m;
  }
  return divisor;
}

/** A flat position as a multi-index, e.g. "[1, 3]". */
function fmtPos(flat: number, shape: readonly number[]): string {
  const st = stridesOf(shape);
  return shape.length ? `[${st.map((s, i) => Math.floor(flat / s) % shape[i]).join(', ')}]` : '[]';
}
