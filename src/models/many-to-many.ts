import { Module, type ModuleConfig } from '../nn/module.js';
import { Linear } from '../nn/linear.js';
import type { Tensor } from '../tensor/tensor.js';
import { makeRecurrent, runRecurrent, type AnyRecurrent, type SequenceModelOptions } from './recurrent-factory.js';

export interface ManyToManyOptions extends SequenceModelOptions {
  /** Add a bias to the output projection. Default false: y_t = h_t·W_hy exactly as the textbook. */
  outputBias?: boolean;
}

/**
 * Many-to-many (aligned): an output at every step, y_t = h_t·W_hy — tagging, per-step
 * forecasting, language modelling. Batch-first [B, T, I] → [B, T, O]; with `lengths`,
 * outputs past a sequence's end are zero (mask them out of the loss).
 *
 * @example
 * const model = new ManyToMany({ cell: 'rnn', inputSize: 4, hiddenSize: 16, outputSize: 4 });
 * const y = model.forward(x); // [B, T, 4]
 */
export class ManyToMany extends Module {
  readonly recurrent: AnyRecurrent;
  readonly head: Linear;
  constructor(readonly options: ManyToManyOptions) {
    super();
    this.recurrent = this.registerModule('recurrent', makeRecurrent(options.cell ?? 'lstm', { ...options, batchFirst: true }));
    const D = options.bidirectional ? 2 : 1;
    this.head = this.registerModule('head', new Linear(D * options.hiddenSize, options.outputSize, { bias: options.outputBias ?? false, dtype: options.dtype, generator: options.generator }));
  }

  forward(x: Tensor, options: { lengths?: Int32Array | readonly number[] } = {}): Tensor {
    const { out } = runRecurrent(this.recurrent, x, null, options.lengths);
    return this.head.forward(out);
  }

  override config(): ModuleConfig {
    const { generator: _g, ...opts } = this.options;
    return { type: 'ManyToMany', options: { ...opts } };
  }
}
