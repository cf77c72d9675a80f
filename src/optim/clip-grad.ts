import type { Arr } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { backend } from '../backend/current.js';
import { NonFiniteError, ValueError } from '../errors.js';

/** Options of {@link clipGradNorm}, as `torch.nn.utils.clip_grad_norm_`'s. */
export interface ClipGradNormOptions {
  /** Order p of the norm: any p > 0, or Infinity for the largest |g| (default 2). */
  normType?: number;
  /** Throw NonFiniteError when the total norm is NaN or ±Infinity, instead of clipping with it (default false). */
  errorIfNonfinite?: boolean;
}

function gradsOf(params: Tensor | Iterable<Tensor>): Arr[] {
  const ps = params instanceof Tensor ? [params] : [...params];
  return ps.filter((p) => p.grad).map((p) => p.grad!.data);
}

/** ‖g‖_p of one array, through backend kernels. */
function normOf(g: Arr, p: number): number {
  if (p === 2) return Math.sqrt(backend().sumSquares(g));
  const a = new Float64Array(g.length);
  backend().unary('abs', g, a);
  const out = new Float64Array(1);
  if (p === Infinity) {
    // max ignores NaN, so look for it first: a NaN makes the norm NaN, as in PyTorch
    if (Number.isNaN(backend().sumSquares(g))) return NaN;
    if (a.length === 0) return 0;
    backend().reduceAxis('max', a, 1, a.length, 1, out, null);
    return out[0];
  }
  backend().unary('powScalar', a, a, p);
  backend().reduceAxis('sum', a, 1, a.length, 1, out, null);
  return Math.pow(out[0], 1 / p);
}

/**
 * Scale the gradients of `params` together so their total norm is at most `maxNorm`, as
 * `torch.nn.utils.clip_grad_norm_`; returns the total norm before clipping.
 *
 *   N = ‖(‖g₁‖_p, ‖g₂‖_p, …)‖_p,   c = maxNorm / (N + 1e-6),   g = c·g  when c < 1
 *
 * Parameters without a gradient are skipped. A NaN or infinite N clips every gradient to NaN
 * (as PyTorch); set `errorIfNonfinite` to get a NonFiniteError instead.
 *
 * @example
 * loss.backward();
 * const norm = clipGradNorm(model.parameters(), 1.0, { errorIfNonfinite: true });
 * opt.step();
 */
export function clipGradNorm(params: Tensor | Iterable<Tensor>, maxNorm: number, options: ClipGradNormOptions = {}): number {
  const p = options.normType ?? 2;
  if (!(p > 0)) throw new ValueError(`clipGradNorm: normType must be > 0 or Infinity, got ${p}`);
  if (!(maxNorm >= 0)) throw new ValueError(`clipGradNorm: maxNorm must be ≥ 0, got ${maxNorm}`);
  const grads = gradsOf(params);
  if (grads.length === 0) return 0;
  const norms = grads.map((g) => normOf(g, p));
  const total = normOf(Float64Array.from(norms), p);
  if (options.errorIfNonfinite && !Number.isFinite(total)) {
    throw new NonFiniteError(`clipGradNorm: total ${p === Infinity ? 'infinity' : p}-norm of the gradients of ${grads.length} parameter(s), which cannot be clipped (errorIfNonfinite: false clips anyway)`, -1, total);
  }
  const coef = maxNorm / (total + 1e-6);
  // `!(coef >= 1)` also scales by NaN when the norm is NaN, as PyTorch's clamp(coef, max=1) does
  if (!(coef >= 1)) for (const g of grads) backend().binaryScalar('mul', g, coef, g, false);
  return total;
}

/**
 * Clamp every gradient element of `params` into [−clipValue, clipValue], as
 * `torch.nn.utils.clip_grad_value_`.
 *
 * @example
 * loss.backward();
 * clipGradValue(model.parameters(), 0.5);
 */
export function clipGradValue(params: Tensor | Iterable<Tensor>, clipValue: number): void {
  if (!(clipValue >= 0)) throw new ValueError(`clipGradValue: clipValue must be ≥ 0, got ${clipValue}`);
  for (const g of gradsOf(params)) backend().clamp(g, -clipValue, clipValue, g);
}
