import type { Arr } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { backend } from '../backend/current.js';
import { ValueError } from '../errors.js';
import { Optimizer, type ParamGroup, type ParamGroupSpec, type PendingUpdate } from './optimizer.js';

/** Hyperparameters of SGD, with PyTorch's defaults. */
export interface SgdOptions {
  /** Learning rate (default 1e-3, as PyTorch 2). */
  lr: number;
  /** Momentum factor μ (default 0: plain SGD). */
  momentum: number;
  /** Dampening τ of the momentum (default 0). */
  dampening: number;
  /** Nesterov momentum (default false); needs momentum > 0 and dampening 0. */
  nesterov: boolean;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
}

const DEFAULTS: SgdOptions = { lr: 1e-3, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 };

interface SgdState extends Record<string, number | Arr | undefined> {
  momentumBuffer?: Arr;
}

/**
 * Stochastic gradient descent with momentum, as `torch.optim.SGD`:
 *
 *   d = g + λp
 *   b = d on the first step, else μb + (1 − τ)d          (when μ ≠ 0)
 *   d = d + μb (Nesterov) or b
 *   p = p − lr·d
 *
 * @example
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export class SGD extends Optimizer<SgdOptions, SgdState> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupSpec<SgdOptions>>, options: Partial<SgdOptions> = {}) {
    super(params, { ...DEFAULTS, ...options });
  }

  protected override validate(g: SgdOptions): void {
    super.validate(g);
    if (!(g.momentum >= 0)) throw new ValueError(`SGD: invalid momentum ${g.momentum}, expected ≥ 0`);
    if (!(g.weightDecay >= 0)) throw new ValueError(`SGD: invalid weightDecay ${g.weightDecay}, expected ≥ 0`);
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) {
      throw new ValueError(`SGD: Nesterov momentum needs momentum > 0 and dampening 0, got momentum ${g.momentum}, dampening ${g.dampening}`);
    }
  }

  protected initState(): SgdState {
    return {};
  }

  protected update(p: Tensor, g: Arr, group: ParamGroup<SgdOptions>, state: SgdState): void {
    this.updateGroup(group, [{ p, g, state }]);
  }

  /** The whole group in one backend call (`sgdUpdateMany`). */
  protected override updateGroup(group: ParamGroup<SgdOptions>, todo: PendingUpdate<SgdState>[]): void {
    const params = todo.map(({ p, g, state: s }) => {
      const firstStep = group.momentum !== 0 && !s.momentumBuffer;
      if (firstStep) s.momentumBuffer = this.buffer(p);
      const buf = group.momentum !== 0 ? s.momentumBuffer! : null;
      return { p: p.data, g, buf, firstStep };
    });
    const { lr, momentum, dampening, nesterov, weightDecay } = group;
    backend().sgdUpdateMany(params, { lr, momentum, dampening, nesterov, weightDecay });
  }
}
