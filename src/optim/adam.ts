import type { Arr } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { backend } from '../backend/current.js';
import { ValueError } from '../errors.js';
import { Optimizer, type ParamGroup, type ParamGroupSpec, type PendingUpdate } from './optimizer.js';

/** Hyperparameters of Adam and AdamW, with PyTorch's defaults. */
export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Decay rates (β₁, β₂) of the first and second moments (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to √v̂ for stability (default 1e-8). */
  eps: number;
  /** Weight decay λ (default 0 for Adam, 1e-2 for AdamW). */
  weightDecay: number;
  /** AMSGrad: divide by the running maximum of v̂ (default false). */
  amsgrad: boolean;
}

/**
 * Adam's state of one parameter, as PyTorch's: the steps taken, and the running first and
 * second moments m and v of its gradient (arrays of the parameter's size).
 */
export interface AdamState extends Record<string, number | Arr | undefined> {
  step: number;
  expAvg: Arr;
  expAvgSq: Arr;
}

/**
 * Adam's update with weight decay coupled ({@link Adam}) or decoupled ({@link AdamW}); the two
 * differ only in `decoupled` and the default weight decay.
 *
 * @example
 * const opt: AdamBase = useDecoupledDecay ? new AdamW(params) : new Adam(params);
 */
export abstract class AdamBase extends Optimizer<AdamOptions, AdamState> {
  protected abstract readonly decoupled: boolean;

  protected override validate(g: AdamOptions): void {
    super.validate(g);
    const [b1, b2] = g.betas;
    if (!(b1 >= 0 && b1 < 1) || !(b2 >= 0 && b2 < 1)) throw new ValueError(`${this.constructor.name}: invalid betas [${g.betas.join(', ')}], expected each in [0, 1)`);
    if (!(g.eps >= 0)) throw new ValueError(`${this.constructor.name}: invalid eps ${g.eps}, expected ≥ 0`);
    if (!(g.weightDecay >= 0)) throw new ValueError(`${this.constructor.name}: invalid weightDecay ${g.weightDecay}, expected ≥ 0`);
  }

  protected initState(p: Tensor): AdamState {
    return { step: 0, expAvg: this.buffer(p), expAvgSq: this.buffer(p) };
  }

  protected update(p: Tensor, g: Arr, group: ParamGroup<AdamOptions>, state: AdamState): void {
    this.updateGroup(group, [{ p, g, state }]);
  }

  /** The whole group in one backend call (`adamUpdateMany`), each parameter at its own step. */
  protected override updateGroup(group: ParamGroup<AdamOptions>, todo: PendingUpdate<AdamState>[]): void {
    const params = todo.map(({ p, g, state: s }) => {
      s.step += 1;
      if (group.amsgrad && !s.maxExpAvgSq) s.maxExpAvgSq = this.buffer(p);
      const vMax = group.amsgrad ? (s.maxExpAvgSq as Arr) : null;
      return { p: p.data, g, m: s.expAvg, v: s.expAvgSq, vMax, step: s.step };
    });
    backend().adamUpdateMany(params, {
      lr: group.lr,
      beta1: group.betas[0],
      beta2: group.betas[1],
      eps: group.eps,
      weightDecay: group.weightDecay,
      decoupled: this.decoupled,
    });
  }
}

/**
 * Adam, as `torch.optim.Adam` (L2 weight decay added to the gradient):
 *
 *   g = g + λp
 *   m = β₁m + (1 − β₁)g,   v = β₂v + (1 − β₂)g²,   (AMSGrad: v̂max = max(v̂max, v), used for v)
 *   p = p − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
 *
 * @example
 * const opt = new Adam(model.parameters(), { lr: 1e-3 });
 * for (const batch of batches) { opt.zeroGrad(); lossOf(batch).backward(); opt.step(); }
 */
export class Adam extends AdamBase {
  protected readonly decoupled = false;

  constructor(params: Iterable<Tensor> | Iterable<ParamGroupSpec<AdamOptions>>, options: Partial<AdamOptions> = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, ...options });
  }
}
