/**
 * The network of a SpeechRecognizer (many-to-many over frames, trained with CTC):
 *
 *   x [T, B, F] (time-major frames, zero padded) → dropout → LSTM/GRU (bidirectional, stacked,
 *   with lengths) → out [T, B, D·H] → dropout → Linear → [T, B, V] → log_softmax over V
 *
 * with V = 11 for digits (blank 0, digit d at d + 1). The log-probabilities [T, B, V] are what
 * `ctcLoss` and the decoders read; the padded frames carry zeros that the loss never looks at.
 */

import { Module, type ModuleConfig } from '../../nn/module.js';
import { Linear, linearShapes } from '../../nn/linear.js';
import { dropout } from '../../ops/dropout.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { DType } from '../../tensor/dtype.js';
import { defaultGenerator, type Generator } from '../../random/generator.js';
import { recurrentPart, type AnyRecurrent } from '../../models/recurrent-factory.js';
import type { ModuleSpec } from '../../io/model-file.js';
import { makeFrameRecurrent, runFrameRecurrent } from '../audio-common/network.js';
import { checkDropout, checkInt, checkOneOf, prefixed, type ParameterShapes } from '../../nn/options-check.js';
import { CLASSIFIER_CELLS, type ClassifierCell } from '../classifier/options.js';

/** Constructor options of {@link SpeechNet} (all saved in the model file's config but the generator). */
export interface SpeechNetOptions {
  /** F: features per frame. */
  readonly inputSize: number;
  readonly cell: ClassifierCell;
  /** H per direction. */
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bidirectional: boolean;
  readonly inputDropout: number;
  /** Between stacked layers and before the output layer. */
  readonly dropout: number;
  /** V: output symbols, the blank included. */
  readonly vocabSize: number;
  readonly dtype?: DType;
  readonly generator?: Generator;
}

/** Frames to per-frame log-probabilities; see the file comment. */
export class SpeechNet extends Module {
  readonly recurrent: AnyRecurrent;
  readonly head: Linear;
  private readonly generator: Generator;

  constructor(readonly options: SpeechNetOptions) {
    super();
    speechNetShapes(options);
    const o = options;
    const g = o.generator ?? defaultGenerator();
    this.generator = g;
    const dtype = o.dtype ?? 'float32';
    this.recurrent = this.registerModule('recurrent', makeFrameRecurrent(o, dtype, g));
    this.head = this.registerModule('head', new Linear((o.bidirectional ? 2 : 1) * o.hiddenSize, o.vocabSize, { dtype, generator: g }));
  }

  /** x [T, B, F] time-major, lengths [B] (each in 1 … T) → log-probabilities [T, B, V]. */
  forward(x: Tensor, lengths: Int32Array): Tensor {
    const { out } = runFrameRecurrent('SpeechNet.forward', 'utterance', this.recurrent, this.options, this.training, this.generator, x, lengths); // out [T, B, D·H]
    return this.head.forward(dropout(out, this.options.dropout, this.training, this.generator)).logSoftmax(2); // [T, B, V]
  }

  override config(): ModuleConfig {
    const { generator: _g, ...opts } = this.options;
    return { type: 'SpeechNet', options: { ...opts, dtype: opts.dtype ?? 'float32' } };
  }
}

/** Checks the options (ValueError naming the first bad one) and returns the parameter shapes, keyed as the stateDict. */
export function speechNetShapes(o: Partial<Record<keyof SpeechNetOptions, unknown>>): ParameterShapes {
  const where = 'SpeechNet';
  const I = checkInt(where, 'inputSize', o.inputSize);
  const V = checkInt(where, 'vocabSize', o.vocabSize, { min: 2 });
  checkOneOf(where, 'cell', o.cell, CLASSIFIER_CELLS, 'lstm');
  checkDropout(where, 'inputDropout', o.inputDropout);
  checkDropout(where, 'dropout', o.dropout);
  const rec = recurrentPart(where, { cell: o.cell, inputSize: I, hiddenSize: o.hiddenSize, numLayers: o.numLayers, bidirectional: o.bidirectional, dtype: o.dtype }, 'lstm');
  return { ...prefixed('recurrent.', rec.shapes), ...prefixed('head.', linearShapes(rec.directions * rec.hiddenSize, V)) };
}

/** Rebuilds the SpeechNet of a model file; its shapes are checked against the file's tensors before allocation. */
export const speechNetSpec: ModuleSpec = {
  shapes: (c) => speechNetShapes(c.options as Partial<Record<keyof SpeechNetOptions, unknown>>),
  build: (c) => {
    const { generator: _g, ...options } = c.options; // a random source never comes from a file
    return new SpeechNet(options as unknown as SpeechNetOptions);
  },
};
