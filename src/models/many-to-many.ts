import { Module, type ModuleConfig } from '../nn/module.js';
import { Linear } from '../nn/linear.js';
import type { Tensor } from '../tensor/tensor.js';
import { linearShapes } from '../nn/linear.js';
import { checkBool, checkInt, checkOptions, prefixed, type ParameterShapes } from '../nn/options-check.js';
import { makeRecurrent, runRecurrent, recurrentPart, type AnyRecurrent, type SequenceModelOptions } from './recurrent-factory.js';

/** Options of a {@link ManyToMany} model: the sequence model's, and a bias on the output head. */
export interface ManyToManyOptions extends SequenceModelOptions {
  /** Add a bias to the output projection. Default false: y_t = h_t·W_hy exactly as the textbook. */
  outputBias?: boolean;
}

/**
 * Checks ManyToMany's options (ValueError naming the first bad one) and returns its parameter
 * shapes without allocating: `recurrent.*` as the layer's, head.weight [O, D·H] (and head.bias
 * [O] with outputBias).
 */
export function manyToManyShapes(options: ManyToManyOptions): ParameterShapes {
  const o = checkOptions('ManyToMany', options);
  const rec = recurrentPart('ManyToMany', o, 'lstm');
  const O = checkInt('ManyToMany', 'outputSize', o.outputSize);
  const bias = checkBool('ManyToMany', 'outputBias', o.outputBias, false);
  return { ...prefixed('recurrent.', rec.shapes), ...prefixed('head.', linearShapes(rec.directions * rec.hiddenSize, O, { bias, dtype: options.dtype })) };
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
    manyToManyShapes(options);
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
