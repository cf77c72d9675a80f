import { Module, type ModuleConfig } from './module.js';
import type { Tensor } from '../tensor/tensor.js';
import { dropout } from '../ops/dropout.js';
import { defaultGenerator, type Generator } from '../random/generator.js';
import { checkDropout } from './options-check.js';

/**
 * Zeroes each element with probability p in training (scaling the rest by 1/(1−p)); identity in eval.
 *
 * @example
 * const drop = new Dropout(0.2);
 * const y = drop.forward(x); // training: 20% zeroed, the rest × 1.25
 * drop.eval();
 * drop.forward(x);           // eval: x unchanged
 */
export class Dropout extends Module {
  constructor(readonly p = 0.5, private readonly generator?: Generator) {
    super();
    checkDropout('Dropout', 'p', p); // ValueError outside [0, 1)
  }
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training, this.generator ?? defaultGenerator());
  }
  override config(): ModuleConfig {
    return { type: 'Dropout', options: { p: this.p } };
  }
}
