import { Tensor } from '../tensor/tensor.js';
import { alloc } from '../tensor/dtype.js';
import { fmtShape, sameShape } from '../tensor/shape.js';
import { ShapeError, ValueError } from '../errors.js';
import { prepareElementwise, reduceLoss, type ReductionOptions } from './reduction.js';

/** Throws unless the quantiles are finite, inside (0, 1) and strictly increasing. */
function checkQuantiles(where: string, quantiles: readonly number[]): void {
  if (quantiles.length === 0) throw new ValueError(`${where}: expected at least one quantile, got []. Fix: e.g. [0.1, 0.5, 0.9].`);
  quantiles.forEach((q, i) => {
    if (!(q > 0 && q < 1)) throw new ValueError(`${where}: expected quantiles strictly between 0 and 1, got ${q} at position ${i}`);
    if (i > 0 && !(q > quantiles[i - 1])) {
      throw new ValueError(`${where}: expected strictly increasing quantiles, got ${quantiles[i - 1]} then ${q} at position ${i}. Fix: sort them and drop repeats.`);
    }
  });
}

/**
 * Pinball (quantile) loss, for forecasts of several quantiles at once (as in MQ-RNN and
 * DeepAR-style quantile heads): `pred` is [..., Q] with the last dim over the quantiles q_j,
 * `target` is [...] or [..., 1] and is broadcast over Q.
 *
 *   e = y − ŷ_j,   l = max(q_j·e, (q_j − 1)·e) = (q_j − 1)·e + relu(e)
 *
 * built from differentiable ops (sub, mul, relu), so ∂l/∂ŷ_j = 1 − q_j above the target and
 * −q_j below it (0 at a tie, relu's subgradient). 'mean' is the mean over all elements, the
 * Q quantiles included; a mask has the shape of `target` (without the trailing 1) or a
 * leading part of it, and 'mean' then divides by Σ mask · Q.
 *
 * @example
 * // pred [B, H, 3] from a Linear head, target [B, H]
 * const loss = pinballLoss(pred, target, [0.1, 0.5, 0.9]);
 */
export function pinballLoss(pred: Tensor, target: Tensor, quantiles: readonly number[], options: ReductionOptions = {}): Tensor {
  const where = 'pinballLoss';
  checkQuantiles(where, quantiles);
  const Q = quantiles.length;
  const lead = pred.shape.slice(0, -1);
  if (pred.ndim === 0 || pred.shape[pred.ndim - 1] !== Q) {
    throw new ShapeError(`${where}: pred`, `[..., ${Q}] (last dim over the ${Q} quantiles)`, fmtShape(pred.shape));
  }
  const withOne = [...lead, 1];
  if (!sameShape(target.shape, lead) && !sameShape(target.shape, withOne)) {
    throw new ShapeError(`${where}: target`, `${fmtShape(lead)} or ${fmtShape(withOne)}`, fmtShape(target.shape), `pred has shape ${fmtShape(pred.shape)}; the target is broadcast over its last dim`);
  }
  const y = (target.ndim === pred.ndim ? target : target.unsqueeze(-1)).expand(pred.shape);
  const p = prepareElementwise(where, pred, y, options);
  const q = alloc(pred.dtype, Q);
  for (let j = 0; j < Q; j++) q[j] = quantiles[j] - 1;
  const e = p.target.sub(p.input); // [..., Q]
  const l = e.mul(new Tensor(q, [Q])).add(e.relu());
  return reduceLoss(l, options.reduction, p.mask, null);
}
