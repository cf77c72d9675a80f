import type { Arr } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { backend } from '../backend/current.js';
import type { RmspropHyper } from '../backend/backend.js';
import { ValueError } from '../errors.js';
import { Optimizer, type ParamGroup, type ParamGroupSpec } from './optimizer.js';

/** Hyperparameters of RMSprop, with PyTorch's defaults (documented on RmspropHyper). */
export type RmspropOptions = RmspropHyper;

const DEFAULTS: RmspropOptions = { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false };

interface RmspropState extends Record<string, number | Arr | undefined> {
  step: number;
  squareAvg: Arr;
}

/**
 * RMSprop, as `torch.optim.RMSprop`:
 *
 *   g = g + λp,   s = αs + (1 − α)g²
 *   centered: ḡ = αḡ + (1 − α)g,  d = √(s − ḡ²) + ε;   else d = √s + ε
 *   momentum: b = μb + g/d,  p = p − lr·b;            else p = p − lr·g/d
 *
 * @example
 * const opt = new RMSprop(model.parameters(), { lr: 1e-3, centered: true });
 */
export class RMSprop extends Optimizer<RmspropOptions, RmspropState> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupSpec<RmspropOptions>>, options: Partial<RmspropOptions> = {}) {
    super(params, { ...DEFAULTS, ...options });
  }

  protected override validate(g: RmspropOptions): void {
    super.validate(g);
    if (!(g.alpha >= 0)) throw new ValueError(`RMSprop: invalid alpha ${g.alpha}, expected ≥ 0`);
    if (!(g.eps >= 0)) throw new ValueError(`RMSprop: invalid eps ${g.eps}, expected ≥ 0`);
    if (!(g.momentum >= 0)) throw new ValueError(`RMSprop: invalid momentum ${g.momentum}, expected ≥ 0`);
    if (!(g.weightDecay >= 0)) throw new ValueError(`RMSprop: invalid weightDecay ${g.weightDecay}, expected ≥ 0`);
  }

  protected initState(p: Tensor): RmspropState {
    return { step: 0, squareAvg: this.buffer(p) };
  }

  protected update(p: Tensor, g: Arr, group: ParamGroup<RmspropOptions>, s: RmspropState): void {
    s.step += 1;
    if (group.momentum > 0 && !s.momentumBuffer) s.momentumBuffer = this.buffer(p);
    if (group.centered && !s.gradAvg) s.gradAvg = this.buffer(p);
    const buf = group.momentum > 0 ? (s.momentumBuffer as Arr) : null;
    const gAvg = group.centered ? (s.gradAvg as Arr) : null;
    backend().rmspropUpdate(p.data, g, s.squareAvg, buf, gAvg, group);
  }
}
