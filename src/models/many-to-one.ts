import { Module, type ModuleConfig } from '../nn/module.js';
import { Linear } from '../nn/linear.js';
import type { Tensor } from '../tensor/tensor.js';
import { linearShapes } from '../nn/linear.js';
import { checkInt, checkOptions, prefixed, type ParameterShapes } from '../nn/options-check.js';
import { makeRecurrent, runRecurrent, lastLayerState, recurrentPart, type AnyRecurrent, type SequenceModelOptions } from './recurrent-factory.js';

/** Many-to-one options; `outputSize` is the size of the single prediction. */
export type ManyToOneOptions = SequenceModelOptions;

/**
 * Checks ManyToOne's options (ValueError naming the first bad one) and returns its parameter
 * shapes without allocating: `recurrent.*` as the layer's, head.weight [O, D·H], head.bias [O].
 */
export function manyToOneShapes(options: ManyToOneOptions): ParameterShapes {
  const o = checkOptions('ManyToOne', options);
  const rec = recurrentPart('ManyToOne', o, 'lstm');
  const O = checkInt('ManyToOne', 'outputSize', o.outputSize);
  return { ...prefixed('recurrent.', rec.shapes), ...prefixed('head.', linearShapes(rec.directions * rec.hiddenSize, O, { dtype: options.dtype })) };
}

/**
 * Many-to-one: read a whole sequence, predict once from the final hidden state
 * (ŷ = h_T·W_hyᵀ + b). For classification (logits) and one-step forecasting.
 * Inputs are batch-first [B, T, I]; with `lengths`, each sequence's own last step is used.
 *
 * @example
 * const model = new ManyToOne({ cell: 'lstm', inputSize: 1, hiddenSize: 32, outputSize: 1 });
 * const yHat = model.forward(x);  // x [B, T, 1] → [B, 1]
 */
export class ManyToOne extends Module {
  readonly recurrent: AnyRecurrent;
  readonly head: Linear;
  constructor(readonly options: ManyToOneOptions) {
    super();
    manyToOneShapes(options);
    this.recurrent = this.registerModule('recurrent', makeRecurrent(options.cell ?? 'lstm', { ...options, batchFirst: true }));
    const D = options.bidirectional ? 2 : 1;
    this.head = this.registerModule('head', new Linear(D * options.hiddenSize, options.outputSize, { dtype: options.dtype, generator: options.generator }));
  }

  forward(x: Tensor, options: { lengths?: Int32Array | readonly number[] } = {}): Tensor {
    const { h } = runRecurrent(this.recurrent, x, null, options.lengths);
    return this.head.forward(lastLayerState(this.recurrent, h));
  }

  override config(): ModuleConfig {
    const { generator: _g, ...opts } = this.options;
    return { type: 'ManyToOne', options: { ...opts } };
  }
}
