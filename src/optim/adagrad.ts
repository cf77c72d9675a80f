import type { Arr } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { backend } from '../backend/current.js';
import { ValueError } from '../errors.js';
import { Optimizer, type ParamGroup, type ParamGroupSpec } from './optimizer.js';

/** Hyperparameters of Adagrad, with PyTorch's defaults. */
export interface AdagradOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Learning-rate decay δ per step (default 0). */
  lrDecay: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Starting value of the squared-gradient sum (default 0). */
  initialAccumulatorValue: number;
  /** Added to the denominator (default 1e-10). */
  eps: number;
}

const DEFAULTS: AdagradOptions = { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10 };

interface AdagradState extends Record<string, number | Arr | undefined> {
  step: number;
  sum: Arr;
}

/**
 * Adagrad, as `torch.optim.Adagrad`:
 *
 *   g = g + λp,   lr_t = lr / (1 + (t − 1)δ),   S = S + g²,   p = p − lr_t · g / (√S + ε)
 *
 * @example
 * const opt = new Adagrad(model.parameters(), { lr: 0.05, lrDecay: 1e-4 });
 */
export class Adagrad extends Optimizer<AdagradOptions, AdagradState> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupSpec<AdagradOptions>>, options: Partial<AdagradOptions> = {}) {
    super(params, { ...DEFAULTS, ...options });
  }

  protected override validate(g: AdagradOptions): void {
    super.validate(g);
    if (!(g.lrDecay >= 0)) throw new ValueError(`Adagrad: invalid lrDecay ${g.lrDecay}, expected ≥ 0`);
    if (!(g.weightDecay >= 0)) throw new ValueError(`Adagrad: invalid weightDecay ${g.weightDecay}, expected ≥ 0`);
    if (!(g.initialAccumulatorValue >= 0)) throw new ValueError(`Adagrad: invalid initialAccumulatorValue ${g.initialAccumulatorValue}, expected ≥ 0`);
    if (!(g.eps >= 0)) throw new ValueError(`Adagrad: invalid eps ${g.eps}, expected ≥ 0`);
  }

  protected initState(p: Tensor, group: ParamGroup<AdagradOptions>): AdagradState {
    return { step: 0, sum: this.buffer(p, group.initialAccumulatorValue) };
  }

  protected update(p: Tensor, g: Arr, group: ParamGroup<AdagradOptions>, s: AdagradState): void {
    s.step += 1;
    backend().adagradUpdate(p.data, g, s.sum, { ...group, step: s.step });
  }
}
